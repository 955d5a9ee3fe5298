/** §2.2 / §3: every way `POST /connectors` can fail, in Connect's order, and that failures change nothing. */
import type { DiffCase } from '../case.js';

const SOURCE = { 'connector.class': 'FileStreamSource', topic: 'ce-{{t}}', file: '{{dir}}/ce.txt' };
const SINK = { 'connector.class': 'FileStreamSink', file: '{{dir}}/ce.out' };

const post = (label: string, body: unknown): [string, unknown] => [label, body];

const FAILURES: Array<[string, unknown]> = [
  post('name mismatch', { name: 'ce-a', config: { ...SOURCE, name: 'ce-b' } }),
  post('missing config', { name: 'ce-a' }),
  post('empty body', null),
  post('no connector.class', { name: 'ce-a', config: { topic: 't', 'tasks.max': '1', zz: '1', aa: '2' } }),
  post('empty config', { name: 'ce-a', config: {} }),
  post('unknown class', { name: 'ce-a', config: { ...SOURCE, 'connector.class': 'NoSuchConnector' } }),
  post('unknown FQCN', { name: 'ce-a', config: { ...SOURCE, 'connector.class': 'org.example.NoSuchConnector' } }),
  post('seed spelling FileStream-Source', {
    name: 'ce-a',
    config: { ...SOURCE, 'connector.class': 'FileStream-Source' },
  }),
  post('a transform class as connector.class', {
    name: 'ce-a',
    config: { ...SOURCE, 'connector.class': 'org.apache.kafka.connect.transforms.Filter' },
  }),
  post('missing required topic', { name: 'ce-a', config: { 'connector.class': 'FileStreamSource' } }),
  post('tasks.max not a number', { name: 'ce-a', config: { ...SOURCE, 'tasks.max': 'x' } }),
  post('tasks.max zero', { name: 'ce-a', config: { ...SOURCE, 'tasks.max': '0' } }),
  post('tasks.max too large', { name: 'ce-a', config: { ...SOURCE, 'tasks.max': '99999999999' } }),
  post('batch.size not a number', { name: 'ce-a', config: { ...SOURCE, 'batch.size': 'many' } }),
  post('sink without topics', { name: 'ce-s', config: SINK }),
  post('sink with topics and topics.regex', { name: 'ce-s', config: { ...SINK, topics: 'a', 'topics.regex': 'b.*' } }),
  post('sink with DLQ in topics', {
    name: 'ce-s',
    config: { ...SINK, topics: 'a,dlq', 'errors.deadletterqueue.topic.name': 'dlq' },
  }),
  post('sink with DLQ matched by regex', {
    name: 'ce-s',
    config: { ...SINK, 'topics.regex': 'd.*', 'errors.deadletterqueue.topic.name': 'dlq' },
  }),
  post('errors.tolerance bogus', { name: 'ce-a', config: { ...SOURCE, 'errors.tolerance': 'some' } }),
  post('errors.retry.timeout not a number', { name: 'ce-a', config: { ...SOURCE, 'errors.retry.timeout': 'soon' } }),
  post('duplicate transform alias', { name: 'ce-a', config: { ...SOURCE, transforms: 'a,a' } }),
  post('transform without type', { name: 'ce-a', config: { ...SOURCE, transforms: 'a' } }),
  post('transform of unknown class', {
    name: 'ce-a',
    config: { ...SOURCE, transforms: 'a', 'transforms.a.type': 'org.example.Nope' },
  }),
  post('transform type is a predicate', {
    name: 'ce-a',
    config: {
      ...SOURCE,
      transforms: 'a',
      'transforms.a.type': 'org.apache.kafka.connect.transforms.predicates.HasHeaderKey',
    },
  }),
  post('transform missing its own required key', {
    name: 'ce-a',
    config: {
      ...SOURCE,
      transforms: 'a',
      'transforms.a.type': 'org.apache.kafka.connect.transforms.ExtractField$Value',
    },
  }),
  post('negate without predicate', {
    name: 'ce-a',
    config: {
      ...SOURCE,
      transforms: 'a',
      'transforms.a.type': 'org.apache.kafka.connect.transforms.Filter',
      'transforms.a.negate': 'true',
    },
  }),
  post('predicate alias undefined', {
    name: 'ce-a',
    config: {
      ...SOURCE,
      transforms: 'a',
      'transforms.a.type': 'org.apache.kafka.connect.transforms.Filter',
      'transforms.a.predicate': 'p',
    },
  }),
  post('predicate without type', { name: 'ce-a', config: { ...SOURCE, predicates: 'p' } }),
  post('predicate missing its pattern', {
    name: 'ce-a',
    config: {
      ...SOURCE,
      predicates: 'p',
      'predicates.p.type': 'org.apache.kafka.connect.transforms.predicates.TopicNameMatches',
    },
  }),
  post('unknown key converter', { name: 'ce-a', config: { ...SOURCE, 'key.converter': 'org.example.NopeConverter' } }),
  post('value converter bad setting', {
    name: 'ce-a',
    config: {
      ...SOURCE,
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter.schemas.enable': 'maybe',
    },
  }),
  post('undeclared key set to null', { name: 'ce-a', config: { ...SOURCE, 'x.custom': null } }),
  post('required key set to null', { name: 'ce-a', config: { ...SOURCE, topic: null } }),
  post('config.action.reload bogus', { name: 'ce-a', config: { ...SOURCE, 'config.action.reload': 'later' } }),
  post('exactly.once.support bogus', { name: 'ce-a', config: { ...SOURCE, 'exactly.once.support': 'always' } }),
  post('exactly.once.support required', { name: 'ce-a', config: { ...SOURCE, 'exactly.once.support': 'required' } }),
  post('bogus initial_state', { name: 'ce-a', config: SOURCE, initial_state: 'SLEEPING' }),
  post('unknown top-level field', { name: 'ce-a', config: SOURCE, extra: 1 }),
  post('config is a string', { name: 'ce-a', config: 'abc' }),
  post('config value is an object', { name: 'ce-a', config: { ...SOURCE, nested: { a: 1 } } }),
  post('many errors at once', {
    name: '',
    config: { 'connector.class': 'FileStreamSink', 'tasks.max': '-1', 'errors.tolerance': 'x', transforms: 'a,a' },
  }),
];

export const createErrorsCase: DiffCase = {
  name: 'create-errors',
  covers:
    'name mismatch, missing config / class, unknown class, invalid configs (messages), bad bodies; nothing created',
  async run(ctx) {
    for (const [label, body] of FAILURES) {
      await ctx.both(
        label,
        body === null
          ? { method: 'POST', path: '/connectors', raw: '' }
          : { method: 'POST', path: '/connectors', body },
      );
    }
    await ctx.both('nothing was created', { method: 'GET', path: '/connectors' });
  },
};
