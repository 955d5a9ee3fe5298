/**
 * Numbers as Java (and so Jackson) prints them, so JSON objects match the bytes Confluent's JsonFormat
 * writes: doubles always carry a fraction or an exponent (`1.0`, `1.0E7`). The repository's JsonConverter
 * has the same rule; a plugin cannot import it (see the README's notes to the API).
 */

/** Shortest round-trip digits laid out the Java way: plain in [1e-3, 1e7), else `d.dddE±n`. */
function layout(value: number): string {
  const [mantissa = '', exponentText = '0'] = value.toExponential().split('e');
  const sign = mantissa.startsWith('-') ? '-' : '';
  const digits = mantissa.replace('-', '').replace('.', '');
  const exponent = Number(exponentText);
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    if (exponent >= 0)
      return `${sign}${digits.slice(0, exponent + 1).padEnd(exponent + 1, '0')}.${digits.slice(exponent + 1) || '0'}`;
    return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  }
  return `${sign}${digits[0]}.${digits.slice(1) || '0'}E${exponent}`;
}

function special(value: number): string | undefined {
  if (Number.isNaN(value)) return '"NaN"';
  if (!Number.isFinite(value)) return value > 0 ? '"Infinity"' : '"-Infinity"';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  return undefined;
}

/** Java's `Double.toString` (JSON-safe: NaN and infinities quoted, as Jackson's default does not allow them bare). */
export function javaDoubleText(value: number): string {
  return special(value) ?? layout(value);
}

/** Java's `Float.toString` for a float32 value. */
export function javaFloatText(value: number): string {
  const f = Math.fround(value);
  const s = special(f);
  if (s !== undefined) return s;
  for (let precision = 1; precision <= 9; precision++) {
    const candidate = Number(f.toPrecision(precision));
    if (Math.fround(candidate) === f) return layout(candidate);
  }
  return layout(f);
}
