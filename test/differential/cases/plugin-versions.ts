/**
 * KIP-891 `plugin.version` against Connect 4.3.1 with the plugins both have (one version each): ranges
 * and `latest` on `?version=`, a version nothing installed matches and a value that is no Maven range,
 * on the connector, a converter and a transformation, in validation and in create.
 */
import type { DiffCase } from '../case.js';

const SINK = { 'connector.class': 'FileStreamSink', topics: 'pv-{{t}}', file: '{{dir}}/pv.out', name: 'pv' };
const validate = '/connector-plugins/FileStreamSink/config/validate';
const config = (version: string) => `/connector-plugins/FileStreamSink/config?version=${encodeURIComponent(version)}`;

const VALIDATIONS: Array<[string, Record<string, unknown>]> = [
  ['connector version in range', { ...SINK, 'connector.plugin.version': '[4.0,5.0)' }],
  ['connector version exact', { ...SINK, 'connector.plugin.version': '4.3.1' }],
  ['connector version latest', { ...SINK, 'connector.plugin.version': 'latest' }],
  ['connector version not installed', { ...SINK, 'connector.plugin.version': '9.9.9' }],
  ['connector range not installed', { ...SINK, 'connector.plugin.version': '(,4.0)' }],
  ['connector version no range', { ...SINK, 'connector.plugin.version': '(1.0)' }],
  [
    'converter version in range',
    {
      ...SINK,
      'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'value.converter.plugin.version': '[4.0,)',
    },
  ],
  [
    'converter version not installed',
    {
      ...SINK,
      'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'value.converter.plugin.version': '1.0',
    },
  ],
  [
    'transform version in range',
    {
      ...SINK,
      transforms: 'r',
      'transforms.r.type': 'RegexRouter',
      'transforms.r.regex': '(.*)',
      'transforms.r.replacement': '$1',
      'transforms.r.plugin.version': '[4.3,4.4)',
    },
  ],
  [
    'converter version no range',
    {
      ...SINK,
      'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'value.converter.plugin.version': '[3',
    },
  ],
  [
    'transform version no range',
    {
      ...SINK,
      transforms: 'r',
      'transforms.r.type': 'RegexRouter',
      'transforms.r.regex': '(.*)',
      'transforms.r.replacement': '$1',
      'transforms.r.plugin.version': '[3',
    },
  ],
  [
    'transform version not installed',
    {
      ...SINK,
      transforms: 'r',
      'transforms.r.type': 'RegexRouter',
      'transforms.r.regex': '(.*)',
      'transforms.r.replacement': '$1',
      'transforms.r.plugin.version': '1.0',
    },
  ],
];

export const pluginVersionsCase: DiffCase = {
  name: 'plugin-versions',
  covers: 'KIP-891: ?version= ranges and errors, connector/converter/transform plugin.version in validate and create',
  async run(ctx) {
    for (const version of ['[4.0,5.0)', 'latest', '(,4.0)', '[1', '(1.0)'])
      await ctx.both(`config ?version=${version}`, { method: 'GET', path: config(version) });
    for (const [label, body] of VALIDATIONS) await ctx.both(label, { method: 'PUT', path: validate, body });
    await ctx.both('create with a version no range', {
      method: 'POST',
      path: '/connectors',
      body: { name: 'pv-{{t}}', config: { ...SINK, 'connector.plugin.version': '(1.0)' } },
    });
    await ctx.both('create with a version not installed', {
      method: 'POST',
      path: '/connectors',
      body: { name: 'pv-{{t}}', config: { ...SINK, 'connector.plugin.version': '9.9.9' } },
    });
  },
};
