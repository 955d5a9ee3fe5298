/** The sink rules on `topics`, `topics.regex` and the DLQ topic, as `POST /connectors` reports them. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { uniqueName, useHerderHarness } from '../../fixtures/herder-harness.js';

const h = useHerderHarness();
const HEADER = (n: number): string => `Connector configuration is invalid and contains the following ${n} error(s):`;
const FOOTER =
  'You can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`';

async function createSink(extra: Record<string, string>): Promise<{ status: number; message?: string }> {
  const res = await h.call<{ message?: string }>('POST', '/connectors', {
    body: { name: uniqueName('sink'), config: { 'connector.class': 'TestSink', target: 'db', ...extra } },
  });
  return { status: res.status, ...(res.body.message === undefined ? {} : { message: res.body.message }) };
}

test('neither topics nor topics.regex: the error on both keys', async () => {
  const both = 'Must configure one of topics or topics.regex';
  assert.deepEqual(await createSink({}), { status: 400, message: [HEADER(2), both, both, FOOTER].join('\n') });
  assert.deepEqual(
    await createSink({ topics: ' ', 'topics.regex': '  ' }),
    { status: 400, message: [HEADER(2), both, both, FOOTER].join('\n') },
    'blank values count as unset',
  );
});

test('both topics and topics.regex: the error on both keys', async () => {
  const both = 'topics and topics.regex are mutually exclusive options, but both are set.';
  assert.deepEqual(await createSink({ topics: 'a', 'topics.regex': 'b.*' }), {
    status: 400,
    message: [HEADER(2), both, both, FOOTER].join('\n'),
  });
});

test('a DLQ topic among the topics, or matched by the regex, is rejected', async () => {
  assert.deepEqual(await createSink({ topics: 'orders, dlq ,audit', 'errors.deadletterqueue.topic.name': 'dlq' }), {
    status: 400,
    message: [
      HEADER(1),
      "The DLQ topic 'dlq' may not be included in the list of topics ('topics=[orders, dlq, audit]') consumed by the connector",
      FOOTER,
    ].join('\n'),
  });
  assert.deepEqual(
    await createSink({ 'topics.regex': 'orders.*', 'errors.deadletterqueue.topic.name': 'orders-dlq' }),
    {
      status: 400,
      message: [
        HEADER(1),
        "The DLQ topic 'orders-dlq' may not be matched by the regex for the topics ('topics.regex=orders.*') consumed by the connector",
        FOOTER,
      ].join('\n'),
    },
  );
});

test('valid sink topic settings are accepted', async () => {
  assert.equal((await createSink({ topics: 'orders,audit', 'errors.deadletterqueue.topic.name': 'dlq' })).status, 201);
  assert.equal(
    (await createSink({ 'topics.regex': 'orders\\..*', 'errors.deadletterqueue.topic.name': 'orders-dlq' })).status,
    201,
  );
  assert.equal((await createSink({ topics: 'orders' })).status, 201);
});

test('a topics.regex the linear-time engine cannot run is a 400 at creation; a catastrophic one is fine', async () => {
  const refused = await createSink({ 'topics.regex': '(orders)\\1' });
  assert.equal(refused.status, 400);
  assert.match(
    refused.message ?? '',
    /Invalid value \(orders\)\\1 for configuration topics\.regex: Invalid regex: .*no back-references or lookarounds/,
  );
  assert.equal((await createSink({ 'topics.regex': '(a+)+$' })).status, 201);
});
