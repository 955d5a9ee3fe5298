/**
 * The Java charsets `converter.encoding` can name, with Java's lenient behaviour: malformed input decodes
 * to U+FFFD and unmappable characters encode as `?`.
 */
import { ConfigError } from '../api/index.js';

export interface Charset {
  readonly name: string;
  encode(text: string): Uint8Array;
  decode(bytes: Uint8Array): string;
}

function singleByte(name: string, max: number): Charset {
  return {
    name,
    encode: (text) =>
      Uint8Array.from(text, (c) => {
        const code = c.codePointAt(0) ?? 0x3f;
        return code <= max ? code : 0x3f;
      }),
    decode: (bytes) => Array.from(bytes, (b) => (b <= max ? String.fromCharCode(b) : '\ufffd')).join(''),
  };
}

function utf16(name: string, littleEndian: boolean, bom: boolean): Charset {
  return {
    name,
    encode(text) {
      const out = new Uint8Array((bom ? 2 : 0) + text.length * 2);
      const view = new DataView(out.buffer);
      if (bom) view.setUint16(0, 0xfeff, littleEndian);
      for (let i = 0; i < text.length; i++) view.setUint16((bom ? 2 : 0) + i * 2, text.charCodeAt(i), littleEndian);
      return out;
    },
    decode(bytes) {
      // Java's "UTF-16" decoder honours a byte order mark and defaults to big endian.
      let le = littleEndian;
      let start = 0;
      if (bom && bytes.length >= 2) {
        if (bytes[0] === 0xff && bytes[1] === 0xfe) [le, start] = [true, 2];
        else if (bytes[0] === 0xfe && bytes[1] === 0xff) [le, start] = [false, 2];
      }
      return new TextDecoder(le ? 'utf-16le' : 'utf-16be').decode(bytes.subarray(start));
    },
  };
}

const UTF8_DECODER = new TextDecoder('utf-8');
const UTF8: Charset = {
  name: 'UTF-8',
  encode: (text) => Buffer.from(text, 'utf8'),
  decode: (bytes) => UTF8_DECODER.decode(bytes),
};

const CHARSETS: ReadonlyMap<string, Charset> = new Map([
  ['utf-8', UTF8],
  ['utf8', UTF8],
  ['utf-16', utf16('UTF-16', false, true)],
  ['utf-16be', utf16('UTF-16BE', false, false)],
  ['utf-16le', utf16('UTF-16LE', true, false)],
  ['iso-8859-1', singleByte('ISO-8859-1', 0xff)],
  ['latin1', singleByte('ISO-8859-1', 0xff)],
  ['us-ascii', singleByte('US-ASCII', 0x7f)],
  ['ascii', singleByte('US-ASCII', 0x7f)],
]);

/** Looks a charset up by its Java name (case-insensitive); throws `ConfigError` for unsupported ones. */
export function charsetFor(name: string): Charset {
  const charset = CHARSETS.get(name.trim().toLowerCase());
  if (charset === undefined) {
    throw new ConfigError(
      `Unsupported encoding ${name}: supported are UTF-8, UTF-16, UTF-16BE, UTF-16LE, ISO-8859-1, US-ASCII`,
    );
  }
  return charset;
}
