/** §2.3: connector status, tasks, task status, the removed `tasks-config`, and their 404s. */
import { hasState, type DiffCase } from '../case.js';

export const tasksCase: DiffCase = {
  name: 'tasks',
  covers: 'status, tasks, tasks/{t}/status, tasks-config, unknown connector / task / non-integer task id',
  async run(ctx) {
    await ctx.both('status of unknown', { method: 'GET', path: '/connectors/tk-none/status' });
    await ctx.both('tasks of unknown', { method: 'GET', path: '/connectors/tk-none/tasks' });
    await ctx.both('task status of unknown', { method: 'GET', path: '/connectors/tk-none/tasks/0/status' });
    await ctx.both('tasks-config of unknown', { method: 'GET', path: '/connectors/tk-none/tasks-config' });
    await ctx.both('create sink with 3 tasks', {
      method: 'POST',
      path: '/connectors',
      body: {
        name: 'tk-{{t}}',
        config: { 'connector.class': 'FileStreamSink', topics: 'tk-{{t}}', file: '{{dir}}/tk.out', 'tasks.max': '3' },
      },
    });
    await ctx.waitBoth('status', { method: 'GET', path: '/connectors/tk-{{t}}/status' }, hasState('RUNNING', 3));
    await ctx.both('tasks', { method: 'GET', path: '/connectors/tk-{{t}}/tasks' });
    await ctx.both('tasks-config (removed in 4.x)', { method: 'GET', path: '/connectors/tk-{{t}}/tasks-config' });
    for (const task of ['0', '2'])
      await ctx.both(`task ${task} status`, { method: 'GET', path: `/connectors/tk-{{t}}/tasks/${task}/status` });
    await ctx.both('task 3 status (no such task)', { method: 'GET', path: '/connectors/tk-{{t}}/tasks/3/status' });
    await ctx.both('task -1 status', { method: 'GET', path: '/connectors/tk-{{t}}/tasks/-1/status' });
    await ctx.both('task x status', { method: 'GET', path: '/connectors/tk-{{t}}/tasks/x/status' });
    await ctx.both('task 1.5 status', { method: 'GET', path: '/connectors/tk-{{t}}/tasks/1.5/status' });
    await ctx.both('task 99999999999 status', { method: 'GET', path: '/connectors/tk-{{t}}/tasks/99999999999/status' });
    await ctx.both('tasks trailing slash', { method: 'GET', path: '/connectors/tk-{{t}}/tasks/' });
    await ctx.both('reduce to one task', {
      method: 'PUT',
      path: '/connectors/tk-{{t}}/config',
      body: { 'connector.class': 'FileStreamSink', topics: 'tk-{{t}}', file: '{{dir}}/tk.out', 'tasks.max': '1' },
    });
    await ctx.waitBoth('one task left', { method: 'GET', path: '/connectors/tk-{{t}}/status' }, hasState('RUNNING', 1));
    await ctx.both('task 2 gone', { method: 'GET', path: '/connectors/tk-{{t}}/tasks/2/status' });
    await ctx.both('tasks after reduce', { method: 'GET', path: '/connectors/tk-{{t}}/tasks' });
  },
};
