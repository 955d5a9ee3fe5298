/** §2.3: pause / resume / stop (idempotent), delete, and the 404s of each on an unknown connector. */
import { hasConnectorState, hasState, hasStatus, type DiffCase } from '../case.js';

const SOURCE = { 'connector.class': 'FileStreamSource', topic: 'lc-{{t}}', file: '{{dir}}/lc.txt' };

export const lifecycleCase: DiffCase = {
  name: 'lifecycle',
  covers: 'pause 202, resume 202, stop 204 (tasks []), resume from STOPPED, DELETE 204, 404s',
  async run(ctx) {
    for (const [method, action] of [
      ['PUT', 'pause'],
      ['PUT', 'resume'],
      ['PUT', 'stop'],
      ['DELETE', ''],
    ] as const) {
      await ctx.both(`${action || 'delete'} unknown`, {
        method,
        path: `/connectors/lc-none${action ? `/${action}` : ''}`,
      });
    }
    await ctx.both('create', { method: 'POST', path: '/connectors', body: { name: 'lc-a', config: SOURCE } });
    const status = { method: 'GET', path: '/connectors/lc-a/status' } as const;
    await ctx.waitBoth('running', status, hasState('RUNNING', 1));
    await ctx.both('pause', { method: 'PUT', path: '/connectors/lc-a/pause' });
    await ctx.waitBoth('paused', status, hasState('PAUSED', 1));
    await ctx.both('pause again', { method: 'PUT', path: '/connectors/lc-a/pause' });
    await ctx.both('resume', { method: 'PUT', path: '/connectors/lc-a/resume' });
    await ctx.waitBoth('resumed', status, hasState('RUNNING', 1));
    await ctx.both('resume again', { method: 'PUT', path: '/connectors/lc-a/resume' });
    await ctx.both('stop', { method: 'PUT', path: '/connectors/lc-a/stop' });
    await ctx.waitBoth('stopped', status, hasState('STOPPED', 0));
    await ctx.both('stopped tasks', { method: 'GET', path: '/connectors/lc-a/tasks' });
    await ctx.both('stopped info', { method: 'GET', path: '/connectors/lc-a' });
    await ctx.both('stop again', { method: 'PUT', path: '/connectors/lc-a/stop' });
    await ctx.both('pause a stopped connector', { method: 'PUT', path: '/connectors/lc-a/pause' });
    // Connect generates no tasks while PAUSED (see docs/compatibility.md), so wait on the connector only.
    await ctx.waitBoth('paused from stopped', status, hasConnectorState('PAUSED'));
    await ctx.both('stop a paused connector', { method: 'PUT', path: '/connectors/lc-a/stop' });
    await ctx.waitBoth('stopped again', status, hasState('STOPPED', 0));
    await ctx.both('resume from stopped', { method: 'PUT', path: '/connectors/lc-a/resume' });
    await ctx.waitBoth('running again', status, hasState('RUNNING', 1));
    await ctx.both('tasks regenerated', { method: 'GET', path: '/connectors/lc-a/tasks' });
    await ctx.both('delete', { method: 'DELETE', path: '/connectors/lc-a' });
    await ctx.both('delete again', { method: 'DELETE', path: '/connectors/lc-a' });
    await ctx.waitBoth('status gone', status, hasStatus(404));
    await ctx.both('info gone', { method: 'GET', path: '/connectors/lc-a' });
    await ctx.both('config gone', { method: 'GET', path: '/connectors/lc-a/config' });
    await ctx.both('tasks gone', { method: 'GET', path: '/connectors/lc-a/tasks' });
    await ctx.both('list without it', { method: 'GET', path: '/connectors' });
    await ctx.both('re-create under the same name', {
      method: 'POST',
      path: '/connectors',
      body: { name: 'lc-a', config: SOURCE },
    });
    await ctx.waitBoth('re-created runs', status, hasState('RUNNING', 1));
  },
};
