/**
 * A JSON tree that keeps each number's source text, so int64 and decimals survive exactly (JSON.parse would
 * round them to doubles). Parsing follows Jackson's defaults: strict JSON, duplicate keys keep the last
 * value, and anything after the first value is ignored.
 */
import { DataError } from '../../api/index.js';

export type JsonNode =
  | { readonly kind: 'null' }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly text: string; readonly integral: boolean }
  | { readonly kind: 'array'; readonly items: readonly JsonNode[] }
  | {
      readonly kind: 'object';
      readonly fields: ReadonlyMap<string, JsonNode>;
      readonly start: number;
      readonly end: number;
    };

/** Jackson's `JsonNodeType` name, used in Connect's error messages. */
export function nodeTypeName(node: JsonNode | undefined): string {
  if (node === undefined) return 'MISSING';
  switch (node.kind) {
    case 'null':
      return 'NULL';
    case 'boolean':
      return 'BOOLEAN';
    case 'string':
      return 'STRING';
    case 'number':
      return 'NUMBER';
    case 'array':
      return 'ARRAY';
    case 'object':
      return 'OBJECT';
  }
}

const NULL_NODE: JsonNode = Object.freeze({ kind: 'null' });
const TRUE_NODE: JsonNode = Object.freeze({ kind: 'boolean', value: true });
const FALSE_NODE: JsonNode = Object.freeze({ kind: 'boolean', value: false });
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes UTF-8 strictly (malformed input throws, as Jackson does). */
export function decodeUtf8(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}

/** Parses UTF-8 JSON; empty or blank input yields `undefined` (Jackson's missing node). */
export function parseJson(bytes: Uint8Array): JsonNode | undefined {
  return parseJsonText(decodeUtf8(bytes));
}

/** Parses JSON text. Object nodes carry their `[start, end)` span in `text`, so callers can key caches on it. */
export function parseJsonText(text: string): JsonNode | undefined {
  const parser = new Parser(text);
  parser.skipWhitespace();
  if (parser.atEnd()) return undefined;
  return parser.value();
}

const NUMBER_PATTERN = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

class Parser {
  private pos = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  skipWhitespace(): void {
    const text = this.text;
    while (this.pos < text.length) {
      const c = text.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      this.pos++;
    }
  }

  value(): JsonNode {
    this.skipWhitespace();
    const c = this.text[this.pos];
    switch (c) {
      case '{':
        return this.object();
      case '[':
        return this.array();
      case '"':
        return { kind: 'string', value: this.string() };
      case 't':
        return this.literal('true', TRUE_NODE);
      case 'f':
        return this.literal('false', FALSE_NODE);
      case 'n':
        return this.literal('null', NULL_NODE);
      default:
        return this.number();
    }
  }

  private fail(what: string): never {
    throw new DataError(`Unexpected character at position ${this.pos}: ${what}`);
  }

  private literal(word: string, node: JsonNode): JsonNode {
    if (!this.text.startsWith(word, this.pos)) this.fail(`expected '${word}'`);
    this.pos += word.length;
    return node;
  }

  private number(): JsonNode {
    NUMBER_PATTERN.lastIndex = this.pos;
    const match = NUMBER_PATTERN.exec(this.text);
    if (match === null) this.fail('expected a JSON value');
    this.pos += match[0].length;
    return { kind: 'number', text: match[0], integral: match[1] === undefined && match[2] === undefined };
  }

  private object(): JsonNode {
    const start = this.pos++;
    const fields = new Map<string, JsonNode>();
    this.skipWhitespace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return { kind: 'object', fields, start, end: this.pos };
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.pos] !== '"') this.fail('expected a field name');
      const key = this.string();
      this.skipWhitespace();
      if (this.text[this.pos] !== ':') this.fail("expected ':'");
      this.pos++;
      fields.set(key, this.value());
      this.skipWhitespace();
      const next = this.text[this.pos++];
      if (next === '}') return { kind: 'object', fields, start, end: this.pos };
      if (next !== ',') this.fail("expected ',' or '}'");
    }
  }

  private array(): JsonNode {
    this.pos++;
    const items: JsonNode[] = [];
    this.skipWhitespace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return { kind: 'array', items };
    }
    for (;;) {
      items.push(this.value());
      this.skipWhitespace();
      const next = this.text[this.pos++];
      if (next === ']') return { kind: 'array', items };
      if (next !== ',') this.fail("expected ',' or ']'");
    }
  }

  private string(): string {
    const text = this.text;
    const start = ++this.pos;
    // Fast path: no escapes before the closing quote.
    for (let i = start; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        this.pos = i + 1;
        return text.slice(start, i);
      }
      if (c === 0x5c) break;
      if (c < 0x20) {
        this.pos = i;
        this.fail('control character in string');
      }
    }
    return this.escapedString(start);
  }

  private escapedString(start: number): string {
    const text = this.text;
    let out = '';
    let i = start;
    while (i < text.length) {
      const c = text[i];
      if (c === '"') {
        this.pos = i + 1;
        return out;
      }
      if (c === '\\') {
        const [decoded, length] = this.escape(i);
        out += decoded;
        i += length;
        continue;
      }
      if ((c ?? '').charCodeAt(0) < 0x20) {
        this.pos = i;
        this.fail('control character in string');
      }
      out += c;
      i++;
    }
    this.pos = i;
    return this.fail('unterminated string');
  }

  private escape(at: number): [string, number] {
    const c = this.text[at + 1];
    const simple: Record<string, string> = {
      '"': '"',
      '\\': '\\',
      '/': '/',
      b: '\b',
      f: '\f',
      n: '\n',
      r: '\r',
      t: '\t',
    };
    if (c !== undefined && simple[c] !== undefined) return [simple[c], 2];
    if (c === 'u') {
      const hex = this.text.slice(at + 2, at + 6);
      if (/^[0-9a-fA-F]{4}$/.test(hex)) return [String.fromCharCode(parseInt(hex, 16)), 6];
    }
    this.pos = at;
    return this.fail('invalid escape');
  }
}
