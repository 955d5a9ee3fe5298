/**
 * Numbers rendered as Java (and so Jackson) renders them, so JSON written here matches Connect's bytes:
 * doubles and floats always carry a fraction or an exponent (`1.0`, `1.0E7`, `1.0E-4`).
 */

/** Java's `Double.toString` (shortest round-trip digits, as JDK 19+ prints them). */
export function javaDoubleText(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  return formatJava(value);
}

/** Java's `Float.toString` for a value already rounded to float32 (shortest digits that round-trip). */
export function javaFloatText(value: number): string {
  const f = Math.fround(value);
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? 'Infinity' : '-Infinity';
  if (f === 0) return Object.is(f, -0) ? '-0.0' : '0.0';
  for (let precision = 1; precision <= 9; precision++) {
    const candidate = Number(f.toPrecision(precision));
    if (Math.fround(candidate) === f) return formatJava(candidate);
  }
  return formatJava(f);
}

/** Lays out the shortest digits of `value` the Java way: plain in [1e-3, 1e7), else `d.dddE±n`. */
function formatJava(value: number): string {
  const [mantissa = '', exponentText = '0'] = value.toExponential().split('e');
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const exponent = Number(exponentText);
  const sign = negative ? '-' : '';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    if (exponent >= 0) {
      const intPart = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
      const fraction = digits.slice(exponent + 1) || '0';
      return `${sign}${intPart}.${fraction}`;
    }
    return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  }
  const fraction = digits.slice(1) || '0';
  return `${sign}${digits[0]}.${fraction}E${exponent}`;
}
