/** §2.5: `PUT /connector-plugins/{p}/config/validate`: ConfigInfos for valid and invalid configs. */
import type { DiffCase } from '../case.js';

const SOURCE = { 'connector.class': 'FileStreamSource', topic: 'va-{{t}}', file: '{{dir}}/va.txt', name: 'va' };
const SINK = { 'connector.class': 'FileStreamSink', topics: 'va-{{t}}', file: '{{dir}}/va.out', name: 'va' };
const validate = (plugin: string) => `/connector-plugins/${plugin}/config/validate`;

const CASES: Array<[string, string, Record<string, unknown>]> = [
  ['valid source', 'FileStreamSource', SOURCE],
  ['valid sink', 'FileStreamSink', SINK],
  [
    'valid sink by FQCN',
    'org.apache.kafka.connect.file.FileStreamSinkConnector',
    { ...SINK, 'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector' },
  ],
  [
    'alias path, FQCN class',
    'FileStreamSink',
    { ...SINK, 'connector.class': 'org.apache.kafka.connect.file.FileStreamSinkConnector' },
  ],
  ['FQCN path, alias class', 'org.apache.kafka.connect.file.FileStreamSinkConnector', SINK],
  ['sink errors', 'FileStreamSink', { 'connector.class': 'FileStreamSink', 'tasks.max': '0' }],
  ['sink with both topic keys', 'FileStreamSink', { ...SINK, 'topics.regex': 'x.*' }],
  ['source missing topic', 'FileStreamSource', { 'connector.class': 'FileStreamSource' }],
  [
    'not-a-number values',
    'FileStreamSource',
    { ...SOURCE, 'tasks.max': 'x', 'batch.size': 'y', 'errors.retry.timeout': 'z' },
  ],
  [
    'transforms',
    'FileStreamSource',
    {
      ...SOURCE,
      transforms: 'c,r',
      'transforms.c.type': 'org.apache.kafka.connect.transforms.Cast$Value',
      'transforms.c.spec': 'int8',
      'transforms.r.type': 'RegexRouter',
      'transforms.r.regex': '(.*)',
      'transforms.r.replacement': '$1-x',
    },
  ],
  [
    'transform errors',
    'FileStreamSource',
    {
      ...SOURCE,
      transforms: 'a,b',
      'transforms.a.type': 'Cast$Value',
      'transforms.b.type': 'org.apache.kafka.connect.transforms.ExtractField$Value',
    },
  ],
  [
    'predicates',
    'FileStreamSource',
    {
      ...SOURCE,
      transforms: 'f',
      'transforms.f.type': 'Filter',
      'transforms.f.predicate': 'p',
      'transforms.f.negate': 'true',
      predicates: 'p',
      'predicates.p.type': 'TopicNameMatches',
      'predicates.p.pattern': 'va-.*',
    },
  ],
  [
    'predicate errors',
    'FileStreamSource',
    { ...SOURCE, predicates: 'p,q', 'predicates.p.type': 'TopicNameMatches', 'predicates.q.type': 'org.example.Nope' },
  ],
  [
    'converters',
    'FileStreamSink',
    {
      ...SINK,
      'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter.schemas.enable': 'false',
    },
  ],
  [
    'converter errors',
    'FileStreamSink',
    {
      ...SINK,
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter.schemas.enable': 'perhaps',
      'key.converter': 'org.example.Nope',
    },
  ],
  [
    'client overrides',
    'FileStreamSink',
    { ...SINK, 'consumer.override.max.poll.records': '10', 'producer.override.acks': 'all' },
  ],
  ['null values', 'FileStreamSource', { ...SOURCE, file: null, 'x.custom': null }],
  ['undeclared keys are ignored', 'FileStreamSource', { ...SOURCE, 'x.one': '1', 'x.two': '2' }],
  ['empty name', 'FileStreamSource', { ...SOURCE, name: '' }],
  ['no name', 'FileStreamSource', { 'connector.class': 'FileStreamSource', topic: 't' }],
  [
    'errors.* settings',
    'FileStreamSink',
    {
      ...SINK,
      'errors.tolerance': 'ALL',
      'errors.deadletterqueue.topic.name': 'dlq-{{t}}',
      'errors.deadletterqueue.topic.replication.factor': '1',
      'errors.log.enable': 'true',
    },
  ],
  ['type mismatch', 'FileStreamSink', SOURCE],
  ['no connector.class', 'FileStreamSink', { topics: 't', zz: '1', aa: '2' }],
  ['unknown class in body', 'FileStreamSink', { ...SINK, 'connector.class': 'Nope' }],
  ['unknown plugin in path', 'Nope', { ...SINK, 'connector.class': 'Nope' }],
];

export const validateCase: DiffCase = {
  name: 'validate',
  covers:
    'ConfigInfos (name, error_count, groups, definitions, values, recommended values), type mismatch, missing / unknown class',
  async run(ctx) {
    for (const [label, plugin, body] of CASES) await ctx.both(label, { method: 'PUT', path: validate(plugin), body });
    await ctx.both('empty body', { method: 'PUT', path: validate('FileStreamSink'), body: {} });

    // Every plugin Connect lists, used once: each transformation and predicate under its own alias, each
    // converter as value converter and each header converter as header converter.
    const listed = (await ctx.each({ method: 'GET', path: '/connector-plugins?connectorsOnly=false' })).connect
      .body as Array<{ class: string; type: string }>;
    const classes = (type: string): string[] => listed.filter((p) => p.type === type).map((p) => p.class);
    const aliased = (list: string, type: string): Record<string, string> => {
      const names = classes(type);
      return Object.fromEntries([
        [list, names.map((_, i) => `a${i}`).join(',')],
        ...names.map((c, i) => [`${list}.a${i}.type`, c]),
      ]);
    };
    await ctx.both('every transformation', {
      method: 'PUT',
      path: validate('FileStreamSource'),
      body: { ...SOURCE, ...aliased('transforms', 'transformation') },
    });
    await ctx.both('every predicate', {
      method: 'PUT',
      path: validate('FileStreamSource'),
      body: { ...SOURCE, ...aliased('predicates', 'predicate') },
    });
    for (const converter of classes('converter')) {
      await ctx.both(`value converter ${converter}`, {
        method: 'PUT',
        path: validate('FileStreamSink'),
        body: { ...SINK, 'value.converter': converter },
      });
    }
    for (const converter of classes('header_converter')) {
      await ctx.both(`header converter ${converter}`, {
        method: 'PUT',
        path: validate('FileStreamSink'),
        body: { ...SINK, 'header.converter': converter },
      });
    }
  },
};
