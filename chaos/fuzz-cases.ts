/**
 * The hostile requests of the REST fuzz (issue 10): malformed JSON, huge bodies, odd names
 * (`__proto__`, lone surrogates, 2 KB names, control characters), nulls, deep nesting, ReDoS patterns,
 * bad content types and hosts, path traversal in FileStream configs, secrets placeholders, odd query and
 * header names. Deterministic: case `i` is always the same request.
 */
import type { RawRequest } from './http.js';

export interface FuzzCase {
  readonly category: string;
  readonly request: RawRequest;
}

export const BASE_SOURCE = 'chaos-base-source';
export const BASE_SINK = 'chaos-base-sink';

const JSON_CT = { 'Content-Type': 'application/json' };
const ODD_NAMES = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'prototype',
  '\ud800',
  'a\udc00b',
  'x'.repeat(2048),
  'é'.repeat(700),
  'tab\tname',
  'nul\u0000name',
  '../../etc',
  '%2e%2e',
  ' ',
  '',
  'a/b',
  '${env:HOME}',
  '<script>',
  '😀'.repeat(300),
];
const REDOS = [
  '(a+)+',
  '(a+)+$',
  '(a|aa)*c',
  '(x+x+)+y',
  '([a-zA-Z]+)*$',
  '(.*a){25}',
  '(a)\\1',
  'a(?=b)',
  '('.repeat(5000),
];
const TRAVERSAL = [
  '/etc/passwd',
  '/etc/hosts',
  '../../../../etc/passwd',
  '/tmp/../etc/shadow',
  '/proc/self/environ',
  '/dev/zero',
  'file:///etc/passwd',
  '/tmp/\u0000x',
  '~/.ssh/id_rsa',
  '/var/task/index.mjs',
];
const PLACEHOLDERS = [
  '${secretsmanager:nope:key}',
  '${ssm:/nope}',
  '${file:/etc/passwd:root}',
  '${env:AWS_SECRET_ACCESS_KEY}',
  '${secretsmanager:',
  '${ssm:${ssm:x}}',
  '${directory:/etc:passwd}',
];

function deep(levels: number, leaf: string): string {
  return '['.repeat(levels) + leaf + ']'.repeat(levels);
}

/** Percent-encodes a name, lone surrogates included (as the 3 bytes a WTF-8 encoder would send). */
function encodeLoose(name: string): string {
  let out = '';
  for (const ch of name) {
    try {
      out += encodeURIComponent(ch);
    } catch {
      const c = ch.charCodeAt(0);
      out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('');
    }
  }
  return out;
}

function pick<T>(list: readonly T[], i: number): T {
  return list[i % list.length] as T;
}

function post(path: string, body: string, headers: Record<string, string> = JSON_CT): RawRequest {
  return { method: 'POST', path, headers, body };
}

function sourceConfig(name: string, file: string): string {
  return JSON.stringify({ name, config: { 'connector.class': 'FileStreamSource', file, topic: 'chaos-fuzz' } });
}

/** Generators by category; each takes the case index (for variety and unique names). */
const GENERATORS: Array<(i: number) => FuzzCase> = [
  (i) => ({
    category: 'malformed JSON',
    request: post(
      '/connectors',
      pick(
        [
          '{"name":"x","config":{',
          '{,}',
          'nope',
          '{"name":}',
          '\ufeff{}',
          '{"name":"a","config":{"a":NaN}}',
          '[',
          '"str"',
          'null',
          '{"name":"a"}}}',
          '{"a":1e999999}',
        ],
        i,
      ),
    ),
  }),
  (i) => ({
    category: 'malformed JSON',
    request: {
      method: pick(['PUT', 'PATCH'], i),
      path: `/connectors/${BASE_SINK}/config`,
      headers: JSON_CT,
      body: pick(['{"a":', '[]', '[1,2]', '"x"', '{"file": {"nested": true}}', 'true'], i),
    },
  }),
  (i) => ({
    category: 'odd names',
    request: post(
      '/connectors',
      JSON.stringify({ name: pick(ODD_NAMES, i), config: { 'connector.class': 'NoSuchConnector' } }),
    ),
  }),
  (i) => {
    const name = pick(ODD_NAMES, i);
    return {
      category: 'odd names',
      request: {
        method: pick(['GET', 'DELETE', 'PUT'], i),
        path: `/connectors/${encodeLoose(name)}/${pick(['status', 'config', 'pause', 'tasks', 'offsets'], i)}`,
        headers: {},
      },
    };
  },
  (i) => ({
    category: 'odd names',
    request: {
      method: 'GET',
      path: `/connectors/${pick(['%ZZ', '%', '%00', '%ud800', '..%2F..%2F', '%2e%2e%2f'], i)}/status`,
      headers: {},
    },
  }),
  (i) => ({
    category: 'nulls',
    request: post(
      '/connectors',
      pick(
        [
          '{"name":null,"config":{}}',
          '{"name":"n","config":null}',
          '{"name":"n","config":{"connector.class":"FileStreamSink","topics":"t","file":null,"tasks.max":null}}',
          '{"name":"n","config":{"connector.class":null}}',
          '{"name":"n"}',
        ],
        i,
      ),
    ),
  }),
  (i) => ({
    category: 'nulls',
    request: {
      method: 'PUT',
      path: `/connectors/${BASE_SINK}/config`,
      headers: JSON_CT,
      body: pick(['{"connector.class":"FileStreamSink","topics":null}', '{"connector.class":null}', 'null'], i),
    },
  }),
  (i) => ({
    category: 'deep nesting',
    request: {
      method: 'PUT',
      path: '/admin/loggers/chaos.deep',
      headers: JSON_CT,
      body: `{"level":${deep(pick([100, 1000, 10_000, 50_000], i), '"INFO"')}}`,
    },
  }),
  (i) => ({
    category: 'deep nesting',
    request: post(
      '/connectors',
      `{"name":"deep","config":{"connector.class":"FileStreamSink","topics":"t","x":${deep(pick([1000, 10_000], i), '1')}}}`,
    ),
  }),
  (i) => ({
    category: 'ReDoS patterns',
    request: {
      method: 'PUT',
      path: '/connector-plugins/FileStreamSink/config/validate',
      headers: JSON_CT,
      body: JSON.stringify({
        'connector.class': 'FileStreamSink',
        'topics.regex': pick(REDOS, i),
        transforms: 'r',
        'transforms.r.type': 'org.apache.kafka.connect.transforms.RegexRouter',
        'transforms.r.regex': pick(REDOS, i + 3),
        'transforms.r.replacement': 'x',
      }),
    },
  }),
  (i) => ({
    category: 'ReDoS patterns',
    request: post(
      '/connectors',
      JSON.stringify({
        name: `redos-${i}`,
        config: {
          'connector.class': 'FileStreamSink',
          'topics.regex': pick(REDOS.slice(6), i),
          file: '/tmp/chaos-redos.txt',
        },
      }),
    ),
  }),
  (i) => ({
    category: 'bad content type',
    request: post(
      '/connectors',
      sourceConfig(`ct-${i}`, '/tmp/x'),
      pick<Record<string, string>>(
        [
          {},
          { 'Content-Type': 'text/plain' },
          { 'Content-Type': 'application/x-www-form-urlencoded' },
          { 'Content-Type': 'multipart/form-data; boundary=x' },
          { 'Content-Type': 'application/xml' },
        ],
        i,
      ),
    ),
  }),
  (i) => ({
    category: 'bad host / origin',
    request: {
      method: pick(['GET', 'POST', 'DELETE'], i),
      path: `/connectors/${BASE_SINK}${pick(['', '/restart', '/pause'], i)}`,
      headers: pick<Record<string, string>>(
        [
          { Host: 'evil.example' },
          { Host: 'localhost.evil.example:8083' },
          { Host: '127.0.0.1.nip.io' },
          { Origin: 'https://evil.example' },
          { Origin: 'null' },
        ],
        i,
      ),
    },
  }),
  (i) => ({ category: 'path traversal', request: post('/connectors', sourceConfig(`trav-${i}`, pick(TRAVERSAL, i))) }),
  (i) => ({
    category: 'path traversal',
    request: {
      method: 'PUT',
      path: `/connectors/${BASE_SINK}/config`,
      headers: JSON_CT,
      body: JSON.stringify({ 'connector.class': 'FileStreamSink', topics: 'chaos-base', file: pick(TRAVERSAL, i) }),
    },
  }),
  (i) => ({
    category: 'secrets placeholders',
    request: {
      method: 'PUT',
      path: '/connector-plugins/FileStreamSource/config/validate',
      headers: JSON_CT,
      body: JSON.stringify({
        'connector.class': 'FileStreamSource',
        topic: pick(PLACEHOLDERS, i),
        file: pick(PLACEHOLDERS, i + 1),
      }),
    },
  }),
  (i) => ({
    category: 'odd query/header names',
    request: {
      method: 'GET',
      path: `/connectors?${pick(['constructor=1', '__proto__=x', 'toString=1&expand=status', 'expand=__proto__', 'expand=constructor&expand=info', 'hasOwnProperty=a'], i)}`,
      headers: pick<Record<string, string>>([{ constructor: 'x' }, { ['__proto__']: 'y' }, { toString: 'z' }, {}], i),
    },
  }),
  (i) => ({
    category: 'odd values',
    request: post(
      '/connectors',
      JSON.stringify({
        name: `val-${i}`,
        config: {
          'connector.class': 'FileStreamSink',
          topics: 't',
          file: '/tmp/chaos-v.txt',
          'tasks.max': pick(['-1', '0', '1e309', 'abc', '99999999999999999999', ' 1'], i),
        },
      }),
    ),
  }),
  (i) => ({
    category: 'odd values',
    request: {
      method: 'PATCH',
      path: `/connectors/${BASE_SOURCE}/offsets`,
      headers: JSON_CT,
      body: pick(
        [
          '{"offsets":[{"partition":{"filename":null},"offset":{"position":-1}}]}',
          '{"offsets":"x"}',
          '{"offsets":[null]}',
          '{}',
        ],
        i,
      ),
    },
  }),
  (i) => ({
    category: 'wrong routes/methods',
    request: {
      method: pick(['TRACE', 'PROPFIND', 'POST', 'DELETE', 'GET'], i),
      path: pick(
        [
          '/connectors/x/nope',
          '/admin',
          '/connectors',
          '/..',
          '/connectors/x/tasks/-1/status',
          '/connectors/x/tasks/99999999999999999999/status',
        ],
        i,
      ),
      headers: {},
    },
  }),
  (i) => ({
    category: 'restart flags',
    request: {
      method: 'POST',
      path: `/connectors/nope-${i % 7}/restart?includeTasks=${pick(['maybe', 'TRUE', '', '1'], i)}&onlyFailed=${pick(['x', 'true'], i)}`,
      headers: {},
    },
  }),
];

/** Huge bodies are costly, so a few of them: over the 6 MB limit (413) and large but under it. */
function hugeCases(): FuzzCase[] {
  const over = `{"name":"huge","config":{"x":"${'a'.repeat(6 * 1024 * 1024 + 10)}"}}`;
  const under = JSON.stringify({
    name: 'big',
    config: {
      'connector.class': 'FileStreamSink',
      topics: 't',
      file: '/tmp/chaos-big.txt',
      x: 'b'.repeat(2 * 1024 * 1024),
    },
  });
  const manyKeys = JSON.stringify({
    name: 'many',
    config: Object.fromEntries(Array.from({ length: 50_000 }, (_, k) => [`k${k}`, 'v'])),
  });
  return [over, over, under, under, manyKeys, manyKeys].map((body) => ({
    category: 'huge bodies',
    request: post('/connectors', body),
  }));
}

/** `count` hostile requests, every category in turn, plus the huge ones. */
export function fuzzCases(count: number): FuzzCase[] {
  const cases = hugeCases();
  for (let i = 0; cases.length < count; i++)
    cases.push((GENERATORS[i % GENERATORS.length] as (n: number) => FuzzCase)(Math.floor(i / GENERATORS.length)));
  return cases;
}
