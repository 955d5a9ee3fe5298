/**
 * The differences the suite accepts: each names the row of docs/compatibility.md that explains it, and
 * checks what must still hold (e.g. 400 instead of Connect's 500 with the same body shape, or equality
 * once the documented part is set aside). A comparison listed here that turns out equal fails the suite
 * too, so the table stays true.
 */
import assert from 'node:assert/strict';
import { canonical, type Normalized } from './normalize.js';

export interface KnownDeviation {
  /** The first cell of the docs/compatibility.md row that documents it (checked to exist). */
  readonly doc: string;
  /** What must hold despite the difference. */
  readonly check: (connect: Normalized, ours: Normalized) => void;
  /** The documented difference covers the headers too (e.g. Jetty's HTML error page against our JSON). */
  readonly headersDiffer?: true;
}

/** Architecture decision 1 (docs/architecture.md): Connect answers 500 for the client's own mistake; we answer 400 with the same body shape. */
const CLIENT_ERROR_NOT_500 = (connect: Normalized, ours: Normalized): void => {
  assert.equal(connect.status, 500, 'Connect answers 500 here');
  assert.equal(ours.status, 400, 'we answer 400');
  const body = ours.body as { error_code?: unknown; message?: unknown };
  assert.equal(body.error_code, 400);
  assert.equal(typeof body.message, 'string');
  assert.deepEqual(Object.keys(body).sort(), ['error_code', 'message']);
};

/** Equal once `strip` removed the documented part from both bodies. */
const equalWithout =
  (strip: (body: unknown) => unknown) =>
  (connect: Normalized, ours: Normalized): void => {
    assert.equal(ours.status, connect.status);
    assert.equal(canonical(strip(ours.body)), canonical(strip(connect.body)));
  };

interface ConfigEntry {
  definition: { name?: string; documentation?: string } | null;
  value: { name: string; errors: string[] };
}
interface Infos {
  error_count?: number;
  configs?: ConfigEntry[];
}

/** A plugin's definitions, or ConfigInfos, without the keys whose name matches (keys we lack). */
const withoutEntries =
  (pattern: RegExp) =>
  (body: unknown): unknown => {
    if (Array.isArray(body)) return body.filter((key) => !pattern.test(String((key as { name?: unknown }).name)));
    const infos = body as Infos;
    if (infos === null || !Array.isArray(infos.configs)) return body;
    return { ...infos, configs: infos.configs.filter((c) => !pattern.test(c.value.name)) };
  };

/** ConfigInfos reduced to which keys have errors, their first error, and all definitions but documentation. */
const firstErrorsOnly = (body: unknown): unknown => {
  const infos = body as Infos;
  return (infos.configs ?? []).map((c) => ({
    definition: c.definition === null ? null : { ...c.definition, documentation: undefined },
    name: c.value.name,
    first: c.value.errors[0] ?? null,
  }));
};

/** The 400 message's first error line(s) that Connect and we share; our list may lack plugin-internal extras. */
const sameLeadingErrors = (connect: Normalized, ours: Normalized): void => {
  assert.equal(ours.status, 400);
  assert.equal(connect.status, 400);
  const lines = (n: Normalized): string[] =>
    String((n.body as { message?: string }).message)
      .split('\n')
      .slice(1, -1);
  for (const line of lines(ours)) assert.ok(lines(connect).includes(line), `Connect also reports: ${line}`);
};

/** Our clear 413 for a config too large to store. */
const TOO_LARGE = (connect: Normalized, ours: Normalized): void => {
  assert.equal(ours.status, 413);
  assert.match(
    (ours.body as { message: string }).message,
    /^Connector configuration is too large: \d+ bytes, at most \d+ bytes can be stored per connector$/,
  );
  assert.ok(
    connect.status === 201 || connect.status === 500,
    `Connect answers 201 (fits its topic) or 500, not ${connect.status}`,
  );
};

/** Connect stores a declared key set to null (201); we answer 400 naming the key (issue 10, item 5). */
const NULL_VALUE = (connect: Normalized, ours: Normalized): void => {
  assert.equal(connect.status, 201);
  assert.equal(ours.status, 400);
  assert.match(
    (ours.body as { message: string }).message,
    /Null value can not be supplied as the configuration value of 'file'/,
  );
};

const MALFORMED = 'Malformed JSON body, wrong body shape';
const NO_CLASS = 'Validation without `connector.class`, or with an unknown class';
const SMT = 'Built-in SMT and predicate details';
const JSON_SCHEMA_CONTENT = 'JsonConverter `schema.content`';
const UNREACHABLE = 'Connector names containing `/` or `%`';
const VERSION_NO_RANGE = 'Validation with a `connector.plugin.version` that is no Maven range';
const SCHEMA_CONTENT = /(^|\.)schema\.content$/;

const malformed = { doc: MALFORMED, check: CLIENT_ERROR_NOT_500 };
/**
 * 400 instead of 500, and the message is Connect's without its `BadRequestException: ` wrapper (the
 * shape check alone let a missing `ConnectException: ` prefix inside the message pass unnoticed).
 */
const noClass = {
  doc: NO_CLASS,
  check: (connect: Normalized, ours: Normalized): void => {
    CLIENT_ERROR_NOT_500(connect, ours);
    const wrapper = 'org.apache.kafka.connect.runtime.rest.errors.BadRequestException: ';
    const message = String((connect.body as { message?: unknown }).message);
    assert.ok(message.startsWith(wrapper), `Connect wraps the message: ${message.slice(0, 120)}`);
    assert.equal((ours.body as { message?: unknown }).message, message.slice(wrapper.length));
  },
};
const schemaContent = { doc: JSON_SCHEMA_CONTENT, check: equalWithout(withoutEntries(SCHEMA_CONTENT)) };

/** Keyed `<case>/<label>`. */
export const KNOWN_DEVIATIONS: Readonly<Record<string, KnownDeviation>> = {
  'create-errors/missing config': malformed,
  'create-errors/empty body': malformed,
  'create-errors/bogus initial_state': malformed,
  'create-errors/unknown top-level field': malformed,
  'create-errors/config is a string': malformed,
  'create-errors/config value is an object': malformed,
  'create-errors/seed spelling FileStream-Source': {
    doc: 'Unknown `connector.class`',
    check: (connect, ours) => {
      assert.equal(ours.status, 400);
      assert.equal(
        (ours.body as { message: string }).message,
        `${(connect.body as { message: string }).message}. Did you mean 'FileStreamSource'?`,
      );
    },
  },
  'create-errors/predicate missing its pattern': { doc: SMT, check: sameLeadingErrors },
  'create/declared key set to null is accepted': { doc: 'A declared key set to `null`', check: NULL_VALUE },
  'create/null kept in config': {
    doc: 'A declared key set to `null`',
    check: (connect, ours) => assert.deepEqual([connect.status, ours.status], [200, 404]),
  },
  'create/names': {
    doc: 'A declared key set to `null`',
    check: (connect, ours) => {
      const names = (n: Normalized): string[] => [...(n.body as string[])].sort();
      assert.deepEqual(
        names(ours),
        names(connect).filter((name) => name !== 'cr-nullfile'),
        'the same connectors but the one with a null value',
      );
    },
  },
  'http/malformed JSON on POST /connectors': malformed,
  'http/malformed JSON on PUT config': malformed,
  'http/malformed JSON on PATCH config': malformed,
  'http/malformed JSON on validate': malformed,
  'http/malformed JSON on PATCH offsets': malformed,
  'http/malformed JSON on PUT logger': malformed,
  'http/array body on PUT config': malformed,
  'http/empty body on PUT logger': malformed,
  'offsets-source/offsets is an object': malformed,
  'offsets-source/body is an array': malformed,
  'offsets-source/null entry': malformed,
  'offsets-source/unknown field in entry': malformed,
  'names/slash name reached with %2F': {
    doc: UNREACHABLE,
    headersDiffer: true,
    check: (connect, ours) => assert.deepEqual([connect.status, ours.status], [400, 200]),
  },
  'names/percent name reached with %25': {
    doc: UNREACHABLE,
    headersDiffer: true,
    check: (connect, ours) => assert.deepEqual([connect.status, ours.status], [400, 200]),
  },
  'restart/task restart on a stopped connector': {
    doc: 'Task restart of a STOPPED connector',
    check: (connect, ours) => {
      assert.equal(connect.status, 409);
      assert.deepEqual(ours.body, { error_code: 404, message: 'Unknown task: rs-a-0' });
    },
  },
  'plugins/config of JsonConverter': schemaContent,
  'plugins/config of a non-plugin class': {
    doc: 'Plugin config of a class that is not a plugin',
    check: (connect, ours) => assert.deepEqual([connect.status, ours.status], [500, 404]),
  },
  'validate/converters': schemaContent,
  'validate/converter errors': schemaContent,
  'validate/value converter org.apache.kafka.connect.json.JsonConverter': schemaContent,
  'validate/header converter org.apache.kafka.connect.json.JsonConverter': schemaContent,
  'validate/client overrides': {
    doc: 'Client overrides in validation',
    check: equalWithout(withoutEntries(/^(consumer|producer|admin)\.override\./)),
  },
  'validate/transform errors': { doc: SMT, check: equalWithout(firstErrorsOnly) },
  'validate/predicate errors': { doc: SMT, check: equalWithout(firstErrorsOnly) },
  'validate/every transformation': { doc: SMT, check: equalWithout(firstErrorsOnly) },
  'validate/every predicate': { doc: SMT, check: equalWithout(firstErrorsOnly) },
  'validate/no connector.class': noClass,
  'validate/empty body': noClass,
  'validate/unknown plugin in path': noClass,
  'plugin-versions/connector version no range': { doc: VERSION_NO_RANGE, check: noClass.check },
  'huge/create with a 600 KB config': { doc: 'Connector configurations over 350 KB', check: TOO_LARGE },
  'huge/create with a 1.2 MB config': { doc: 'Connector configurations over 350 KB', check: TOO_LARGE },
  'huge/PUT a 1.2 MB config': { doc: 'Connector configurations over 350 KB', check: TOO_LARGE },
  'loggers/GET all (root)': {
    doc: 'Logger inventory',
    check: (connect, ours) =>
      assert.equal(typeof (ours.body as { level?: unknown }).level, typeof (connect.body as { level?: unknown }).level),
  },
};
