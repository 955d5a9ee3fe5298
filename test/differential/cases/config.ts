/** §2.3: `GET /connectors/{n}`, `GET`/`PUT`/`PATCH …/config`, and their errors. */
import { hasState, hasTasks, type DiffCase } from '../case.js';

const SOURCE = { 'connector.class': 'FileStreamSource', topic: 'cfg-{{t}}', file: '{{dir}}/cfg.txt' };

export const configCase: DiffCase = {
  name: 'config',
  covers: 'connector info and config, PUT create (201) / replace (200), PATCH merge and removal, 400/404s',
  async run(ctx) {
    // A PUT / PATCH answer lists the tasks existing at that moment: let both sides settle on one task first.
    let settles = 0;
    const settled = () =>
      ctx.waitBoth(`settled ${++settles}`, { method: 'GET', path: '/connectors/cfg-a' }, hasTasks(1));
    await ctx.both('GET unknown info', { method: 'GET', path: '/connectors/cfg-none' });
    await ctx.both('GET unknown config', { method: 'GET', path: '/connectors/cfg-none/config' });
    await ctx.both('PUT creates', {
      method: 'PUT',
      path: '/connectors/cfg-a/config',
      body: { ...SOURCE, 'batch.size': '100' },
    });
    await ctx.waitBoth('created one runs', { method: 'GET', path: '/connectors/cfg-a/status' }, hasState('RUNNING', 1));
    await ctx.both('GET info', { method: 'GET', path: '/connectors/cfg-a' });
    await ctx.both('GET config', { method: 'GET', path: '/connectors/cfg-a/config' });
    await settled();
    await ctx.both('PUT replaces', {
      method: 'PUT',
      path: '/connectors/cfg-a/config',
      body: { ...SOURCE, 'batch.size': '200', 'x.custom': 'kept' },
    });
    await ctx.both('replaced config', { method: 'GET', path: '/connectors/cfg-a/config' });
    await settled();
    await ctx.both('PUT with matching name key', {
      method: 'PUT',
      path: '/connectors/cfg-a/config',
      body: { ...SOURCE, name: 'cfg-a' },
    });
    await ctx.both('PUT with other name key', {
      method: 'PUT',
      path: '/connectors/cfg-a/config',
      body: { ...SOURCE, name: 'cfg-b' },
    });
    await ctx.both('PUT without class', { method: 'PUT', path: '/connectors/cfg-a/config', body: { topic: 't' } });
    await ctx.both('PUT invalid', {
      method: 'PUT',
      path: '/connectors/cfg-a/config',
      body: { ...SOURCE, 'tasks.max': '0' },
    });
    await ctx.both('PUT unknown class', {
      method: 'PUT',
      path: '/connectors/cfg-a/config',
      body: { ...SOURCE, 'connector.class': 'Nope' },
    });
    await ctx.both('PUT empty body', { method: 'PUT', path: '/connectors/cfg-a/config', body: {} });
    await ctx.both('config unchanged by failures', { method: 'GET', path: '/connectors/cfg-a/config' });
    await settled();
    await ctx.both('PUT switches source to sink', {
      method: 'PUT',
      path: '/connectors/cfg-a/config',
      body: { 'connector.class': 'FileStreamSink', topics: 'cfg-{{t}}', file: '{{dir}}/cfg.out' },
    });
    await settled();
    await ctx.both('PUT back to source', { method: 'PUT', path: '/connectors/cfg-a/config', body: SOURCE });

    await ctx.both('PATCH unknown', {
      method: 'PATCH',
      path: '/connectors/cfg-none/config',
      body: { 'batch.size': '5' },
    });
    await settled();
    await ctx.both('PATCH merges', {
      method: 'PATCH',
      path: '/connectors/cfg-a/config',
      body: { 'batch.size': '5', 'x.new': 'v' },
    });
    await settled();
    await ctx.both('PATCH null removes', {
      method: 'PATCH',
      path: '/connectors/cfg-a/config',
      body: { 'x.new': null, 'x.absent': null },
    });
    await settled();
    await ctx.both('PATCH empty', { method: 'PATCH', path: '/connectors/cfg-a/config', body: {} });
    await ctx.both('PATCH removing a required key', {
      method: 'PATCH',
      path: '/connectors/cfg-a/config',
      body: { topic: null },
    });
    await ctx.both('PATCH invalid value', {
      method: 'PATCH',
      path: '/connectors/cfg-a/config',
      body: { 'tasks.max': 'lots' },
    });
    await ctx.both('PATCH other name', {
      method: 'PATCH',
      path: '/connectors/cfg-a/config',
      body: { name: 'cfg-other' },
    });
    await ctx.both('PATCH removing connector.class', {
      method: 'PATCH',
      path: '/connectors/cfg-a/config',
      body: { 'connector.class': null },
    });
    await settled();
    await ctx.both('PATCH typed values', {
      method: 'PATCH',
      path: '/connectors/cfg-a/config',
      body: { 'batch.size': 7, 'errors.log.enable': false },
    });
    await ctx.both('config after PATCHes', { method: 'GET', path: '/connectors/cfg-a/config' });
    await ctx.waitBoth(
      'still runs with one task',
      { method: 'GET', path: '/connectors/cfg-a/status' },
      hasState('RUNNING', 1),
    );
    await ctx.both('tasks carry the new config', { method: 'GET', path: '/connectors/cfg-a/tasks' });
  },
};
