import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { configMap, createConnectorRequest, parseJsonBody } from '../../../functions/rest-api/request-body.js';
import { BadRequestError } from '../../../lib/herder/errors.js';

/** Asserts a 400 whose message matches. */
function rejects400(run: () => unknown, message: RegExp): void {
  assert.throws(
    run,
    (error: unknown) => error instanceof BadRequestError && error.status === 400 && message.test(error.message),
  );
}

describe('parseJsonBody', () => {
  test('an absent or blank body is null; JSON is parsed', () => {
    assert.equal(parseJsonBody(null), null);
    assert.equal(parseJsonBody(' \n'), null);
    assert.deepEqual(parseJsonBody('{"a":[1,{"b":null}]}'), { a: [1, { b: null }] });
  });

  test('malformed JSON is a 400', () => {
    for (const body of ['{', '{"a":}', "{'a':1}", 'undefined', '{"a":1} trailing'])
      rejects400(() => parseJsonBody(body), /^Request body is not valid JSON: /);
  });
});

describe('configMap', () => {
  test('strings stay; numbers and booleans become strings; null stays null for validation or removal', () => {
    assert.deepEqual(configMap({ s: 'x', empty: '', i: 2, f: 1.5, neg: -3, t: true, f2: false, n: null }, 'c'), {
      s: 'x',
      empty: '',
      i: '2',
      f: '1.5',
      neg: '-3',
      t: 'true',
      f2: 'false',
      n: null,
    });
  });

  test('arrays and objects as values are a 400 naming the key', () => {
    rejects400(
      () => configMap({ ok: 'x', topics: ['a', 'b'] }, 'c'),
      /'topics' must be a string, number or boolean, not an array/,
    );
    rejects400(
      () => configMap({ nested: { a: 1 } }, 'c'),
      /'nested' must be a string, number or boolean, not an object/,
    );
  });

  test('anything but an object is a 400', () => {
    for (const value of [null, undefined, 'text', 3, true, ['a']])
      rejects400(() => configMap(value, 'The request body'), /^The request body must be a JSON object/);
  });
});

describe('createConnectorRequest', () => {
  test('name, config and a case-insensitive initial_state', () => {
    assert.deepEqual(createConnectorRequest({ name: 'n', config: { a: 1 } }), {
      name: 'n',
      config: { a: '1' },
      initialState: 'STARTED',
    });
    const states = { running: 'STARTED', Paused: 'PAUSED', STOPPED: 'STOPPED', sToPpEd: 'STOPPED' } as const;
    for (const [given, expected] of Object.entries(states)) {
      assert.equal(
        createConnectorRequest({ name: 'n', config: {}, initial_state: given }).initialState,
        expected,
        given,
      );
    }
    assert.equal(createConnectorRequest({ name: 'n', config: {}, initial_state: null }).initialState, 'STARTED');
    assert.equal(createConnectorRequest({ name: null, config: {} }).name, null);
    assert.equal(createConnectorRequest({ config: {} }).name, null);
    // As Jackson coerces scalars into a String field (checked against Connect 4.3.1).
    assert.equal(createConnectorRequest({ name: 42, config: {} }).name, '42');
    assert.equal(createConnectorRequest({ name: true, config: {} }).name, 'true');
  });

  test('unknown top-level fields, a missing config, a non-string name or a bad initial_state are 400s', () => {
    rejects400(() => createConnectorRequest({ name: 'n', config: {}, tasks: [] }), /^Unrecognized field "tasks"/);
    rejects400(() => createConnectorRequest({ name: 'n' }), /missing "config"/);
    rejects400(() => createConnectorRequest({ name: 'n', config: null }), /missing "config"/);
    rejects400(() => createConnectorRequest({ name: { a: 1 }, config: {} }), /"name" must be a string/);
    rejects400(
      () => createConnectorRequest({ name: 'n', config: {}, initial_state: 'SLEEPING' }),
      /Invalid initial_state "SLEEPING"/,
    );
    rejects400(() => createConnectorRequest({ name: 'n', config: {}, initial_state: 1 }), /Invalid initial_state 1/);
    rejects400(() => createConnectorRequest({ name: 'n', config: [] }), /must be a JSON object/);
    for (const body of [null, [], 'x'])
      rejects400(() => createConnectorRequest(body), /must be a JSON object with "name" and "config"/);
  });
});
