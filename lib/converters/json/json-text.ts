/** JSON string literals escaped as Jackson escapes them, so bytes match Connect's output. */

const SHORT_ESCAPES: Readonly<Record<number, string>> = {
  0x22: '\\"',
  0x5c: '\\\\',
  0x08: '\\b',
  0x09: '\\t',
  0x0a: '\\n',
  0x0c: '\\f',
  0x0d: '\\r',
};

// Jackson's UTF-8 generator escapes control characters and writes surrogate pairs as two \uXXXX escapes.
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

export function jsonString(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return `"${value}"`;
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const short = SHORT_ESCAPES[code];
    if (short !== undefined) out += short;
    else if (code < 0x20 || (code >= 0xd800 && code <= 0xdfff))
      out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += value[i];
  }
  return `${out}"`;
}
