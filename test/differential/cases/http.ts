/** Unknown routes (404), wrong methods (405), media types (415) and malformed bodies. */
import type { DiffCase } from '../case.js';

const SOURCE = { 'connector.class': 'FileStreamSource', topic: 'http-{{t}}', file: '{{dir}}/http.txt' };

export const httpCase: DiffCase = {
  name: 'http',
  covers: 'unknown routes, wrong methods, 415, malformed JSON, state unchanged after bad requests',
  async run(ctx) {
    for (const path of [
      '/nope',
      '/connectors/x/nope',
      '/connectors/x/tasks/0/nope',
      '/connector-plugins/x/nope',
      '/admin',
      '/admin/loggers/a/b',
      '/connectors/x/tasks/0/status/x',
    ]) {
      await ctx.both(`GET ${path}`, { method: 'GET', path });
    }
    const wrongMethods: Array<[string, string]> = [
      ['DELETE', '/connectors'],
      ['PUT', '/connectors'],
      ['POST', '/'],
      ['POST', '/connectors/x'],
      ['POST', '/connectors/x/config'],
      ['DELETE', '/connectors/x/config'],
      ['GET', '/connectors/x/restart'],
      ['POST', '/connectors/x/pause'],
      ['GET', '/connectors/x/resume'],
      ['POST', '/connectors/x/stop'],
      ['POST', '/connectors/x/offsets'],
      ['PUT', '/connectors/x/status'],
      ['GET', '/connectors/x/tasks/0/restart'],
      ['POST', '/connectors/x/topics'],
      ['GET', '/connectors/x/topics/reset'],
      ['POST', '/connector-plugins'],
      ['GET', '/connector-plugins/FileStreamSink/config/validate'],
      ['POST', '/admin/loggers'],
      ['DELETE', '/admin/loggers/x'],
      ['POST', '/health'],
    ];
    for (const [method, path] of wrongMethods) await ctx.both(`${method} ${path}`, { method, path });

    const plain = { contentType: 'text/plain' };
    await ctx.both('text/plain on POST /connectors', { method: 'POST', path: '/connectors', raw: 'name=x', ...plain });
    await ctx.both('text/plain on PUT config', { method: 'PUT', path: '/connectors/x/config', raw: '{}', ...plain });
    await ctx.both('text/plain on PATCH config', {
      method: 'PATCH',
      path: '/connectors/x/config',
      raw: '{}',
      ...plain,
    });
    await ctx.both('text/plain on validate', {
      method: 'PUT',
      path: '/connector-plugins/FileStreamSink/config/validate',
      raw: '{}',
      ...plain,
    });
    await ctx.both('text/plain on PUT logger', {
      method: 'PUT',
      path: '/admin/loggers/x',
      raw: '{"level":"INFO"}',
      ...plain,
    });
    await ctx.both('form body on PUT logger', {
      method: 'PUT',
      path: '/admin/loggers/x',
      raw: 'level=INFO',
      contentType: 'application/x-www-form-urlencoded',
    });
    await ctx.both('vendor +json type', {
      method: 'PUT',
      path: '/admin/loggers/x',
      raw: '{}',
      contentType: 'application/vnd.example+json',
    });
    await ctx.both('text/plain on GET /connectors, no body', {
      method: 'GET',
      path: '/connectors',
      contentType: 'text/plain',
    });
    await ctx.both('text/plain on DELETE', { method: 'DELETE', path: '/connectors/x', contentType: 'text/plain' });
    await ctx.both(
      'text/plain on GET /',
      { method: 'GET', path: '/', contentType: 'text/plain' },
      { ignore: ['commit'] },
    );
    await ctx.both('json with charset', {
      method: 'PUT',
      path: '/connectors/x/pause',
      raw: '',
      contentType: 'application/json; charset=utf-8',
    });

    await ctx.both('malformed JSON on POST /connectors', {
      method: 'POST',
      path: '/connectors',
      raw: '{"name":"x","config":{',
    });
    await ctx.both('malformed JSON on PUT config', { method: 'PUT', path: '/connectors/x/config', raw: '{"a":' });
    await ctx.both('malformed JSON on PATCH config', { method: 'PATCH', path: '/connectors/x/config', raw: 'nope' });
    await ctx.both('malformed JSON on validate', {
      method: 'PUT',
      path: '/connector-plugins/FileStreamSink/config/validate',
      raw: '{,}',
    });
    await ctx.both('malformed JSON on PATCH offsets', {
      method: 'PATCH',
      path: '/connectors/x/offsets',
      raw: '{"offsets":[',
    });
    await ctx.both('malformed JSON on PUT logger', { method: 'PUT', path: '/admin/loggers/x', raw: '{level}' });
    await ctx.both('array body on PUT config', { method: 'PUT', path: '/connectors/x/config', body: [SOURCE] });
    await ctx.both('empty body on PUT logger', { method: 'PUT', path: '/admin/loggers/x', raw: '' });

    // None of the above changed anything.
    await ctx.both('no connectors after bad requests', { method: 'GET', path: '/connectors' });
    await ctx.both('logger x not created', { method: 'GET', path: '/admin/loggers/x' });
  },
};
