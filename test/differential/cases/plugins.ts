/** §2.5: plugin listing (connectorsOnly), per-plugin config definitions, and their errors. */
import type { DiffCase } from '../case.js';

const PLUGINS = [
  'FileStreamSink',
  'FileStreamSinkConnector',
  'org.apache.kafka.connect.file.FileStreamSourceConnector',
  'org.apache.kafka.connect.transforms.Cast$Value',
  'org.apache.kafka.connect.transforms.InsertField$Value',
  'org.apache.kafka.connect.transforms.TimestampConverter$Key',
  'RegexRouter',
  'Filter',
  'org.apache.kafka.connect.transforms.predicates.TopicNameMatches',
  'HasHeaderKey',
  'RecordIsTombstone',
  'JsonConverter',
  'org.apache.kafka.connect.storage.StringConverter',
  'org.apache.kafka.connect.converters.ByteArrayConverter',
  'org.apache.kafka.connect.converters.LongConverter',
  'SimpleHeaderConverter',
];

export const pluginsCase: DiffCase = {
  name: 'plugins',
  covers:
    'GET /connector-plugins (connectorsOnly true/false/other), GET /connector-plugins/{p}/config for every plugin kind, 404',
  async run(ctx) {
    await ctx.both('list (default connectorsOnly)', { method: 'GET', path: '/connector-plugins' });
    await ctx.both('connectorsOnly=true', { method: 'GET', path: '/connector-plugins?connectorsOnly=true' });
    await ctx.both('connectorsOnly=false', { method: 'GET', path: '/connector-plugins?connectorsOnly=false' });
    await ctx.both('connectorsOnly=FALSE', { method: 'GET', path: '/connector-plugins?connectorsOnly=FALSE' });
    await ctx.both('connectorsOnly=no', { method: 'GET', path: '/connector-plugins?connectorsOnly=no' });
    for (const plugin of PLUGINS) {
      await ctx.both(`config of ${plugin}`, {
        method: 'GET',
        path: `/connector-plugins/${encodeURIComponent(plugin)}/config`,
      });
    }
    await ctx.both('config of unknown plugin', { method: 'GET', path: '/connector-plugins/org.example.Nope/config' });
    await ctx.both('config of a non-plugin class', {
      method: 'GET',
      path: '/connector-plugins/java.lang.String/config',
    });
    await ctx.both('config with version query', {
      method: 'GET',
      path: '/connector-plugins/FileStreamSink/config?version=4.3.1',
    });
    await ctx.both('config with unknown version', {
      method: 'GET',
      path: '/connector-plugins/FileStreamSink/config?version=9.9.9',
    });
  },
};
