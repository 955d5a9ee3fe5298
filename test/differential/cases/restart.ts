/** §2.3 restarts: 204 without options, 202 with the plan as a body, task restarts, FAILED tasks. */
import { writeFile } from 'node:fs/promises';
import { hasState, type DiffCase, type StatusBody } from '../case.js';

const SOURCE = { 'connector.class': 'FileStreamSource', topic: 'rs-{{t}}', file: '{{dir}}/rs.txt' };

export const restartCase: DiffCase = {
  name: 'restart',
  covers:
    'POST restart (204 / 202 + RESTARTING plan), includeTasks / onlyFailed parsing, task restart, FAILED tasks, 404s',
  async run(ctx) {
    await ctx.both('restart unknown', { method: 'POST', path: '/connectors/rs-none/restart' });
    await ctx.both('restart unknown with includeTasks', {
      method: 'POST',
      path: '/connectors/rs-none/restart?includeTasks=true',
    });
    await ctx.both('task restart of unknown connector', {
      method: 'POST',
      path: '/connectors/rs-none/tasks/0/restart',
    });
    await ctx.both('create', { method: 'POST', path: '/connectors', body: { name: 'rs-a', config: SOURCE } });
    const status = { method: 'GET', path: '/connectors/rs-a/status' } as const;
    const running = hasState('RUNNING', 1);
    await ctx.waitBoth('running', status, running);
    await ctx.both('restart (204)', { method: 'POST', path: '/connectors/rs-a/restart' });
    await ctx.waitBoth('running after restart', status, running);
    await ctx.both('both flags false (204)', {
      method: 'POST',
      path: '/connectors/rs-a/restart?includeTasks=false&onlyFailed=false',
    });
    await ctx.waitBoth('running after flags false', status, running);
    await ctx.both('includeTasks=yes counts as false (204)', {
      method: 'POST',
      path: '/connectors/rs-a/restart?includeTasks=yes',
    });
    await ctx.waitBoth('running after yes', status, running);
    await ctx.both('includeTasks (202 plan)', { method: 'POST', path: '/connectors/rs-a/restart?includeTasks=true' });
    await ctx.waitBoth('running after includeTasks', status, running);
    await ctx.both('includeTasks=TRUE (case-insensitive)', {
      method: 'POST',
      path: '/connectors/rs-a/restart?includeTasks=TRUE',
    });
    await ctx.waitBoth('running after TRUE', status, running);
    await ctx.both('onlyFailed with nothing failed (202, unchanged)', {
      method: 'POST',
      path: '/connectors/rs-a/restart?onlyFailed=true',
    });
    await ctx.waitBoth('running after onlyFailed', status, running);
    await ctx.both('includeTasks&onlyFailed with nothing failed', {
      method: 'POST',
      path: '/connectors/rs-a/restart?includeTasks=true&onlyFailed=true',
    });
    await ctx.waitBoth('running after both', status, running);
    await ctx.both('task restart (204)', { method: 'POST', path: '/connectors/rs-a/tasks/0/restart' });
    await ctx.waitBoth('running after task restart', status, running);
    await ctx.both('restart unknown task', { method: 'POST', path: '/connectors/rs-a/tasks/1/restart' });
    await ctx.both('restart task x', { method: 'POST', path: '/connectors/rs-a/tasks/x/restart' });

    await ctx.both('stop', { method: 'PUT', path: '/connectors/rs-a/stop' });
    await ctx.waitBoth('stopped', status, hasState('STOPPED', 0));
    await ctx.both('restart a stopped connector', { method: 'POST', path: '/connectors/rs-a/restart' });
    await ctx.both('restart a stopped connector with includeTasks', {
      method: 'POST',
      path: '/connectors/rs-a/restart?includeTasks=true',
    });
    await ctx.waitBoth('still stopped', status, hasState('STOPPED', 0));
    await ctx.both('task restart on a stopped connector', { method: 'POST', path: '/connectors/rs-a/tasks/0/restart' });

    // A sink whose file cannot be created: its tasks fail at start, the connector keeps running.
    const failing = {
      'connector.class': 'FileStreamSink',
      topics: 'rs-{{t}}',
      file: '{{dir}}/no-such-dir/out.txt',
      'tasks.max': '2',
    };
    await ctx.both('create failing sink', {
      method: 'POST',
      path: '/connectors',
      body: { name: 'rs-f-{{t}}', config: failing },
    });
    const failedStatus = { method: 'GET', path: '/connectors/rs-f-{{t}}/status' } as const;
    await ctx.waitBoth('tasks FAILED', failedStatus, hasState('RUNNING', 2, 'FAILED'));
    await ctx.both('failed task status', { method: 'GET', path: '/connectors/rs-f-{{t}}/tasks/1/status' });
    // Connect builds the plan's task list from a set: its order is unspecified.
    const plan = { unordered: ['tasks'] };
    await ctx.both(
      'onlyFailed without includeTasks',
      { method: 'POST', path: '/connectors/rs-f-{{t}}/restart?onlyFailed=true' },
      plan,
    );
    await ctx.waitBoth('still FAILED', failedStatus, hasState('RUNNING', 2, 'FAILED'));
    await ctx.both(
      'includeTasks&onlyFailed (tasks RESTARTING)',
      { method: 'POST', path: '/connectors/rs-f-{{t}}/restart?includeTasks=true&onlyFailed=true' },
      plan,
    );
    await ctx.waitBoth(
      'FAILED again',
      failedStatus,
      (e) => hasState('RUNNING', 2, 'FAILED')(e) && ((e.body as StatusBody).tasks ?? []).length === 2,
    );

    // A record a transform cannot handle, without tolerance: the trace opens with Connect's
    // `org.apache.kafka.connect.errors.ConnectException: Tolerance exceeded…` (the normalizer keeps that class).
    await ctx.forEach((t) => writeFile(`${t.dir}/rs-tol.txt`, 'not-a-number\n'));
    const tolerance = {
      ...SOURCE,
      topic: 'rs-tol-{{t}}',
      file: '{{dir}}/rs-tol.txt',
      transforms: 'c',
      'transforms.c.type': 'org.apache.kafka.connect.transforms.Cast$Value',
      'transforms.c.spec': 'int32',
    };
    await ctx.both('create source failing in a transform', {
      method: 'POST',
      path: '/connectors',
      body: { name: 'rs-tol', config: tolerance },
    });
    await ctx.waitBoth(
      'tolerance exceeded',
      { method: 'GET', path: '/connectors/rs-tol/tasks/0/status' },
      (e) => e.status === 200 && (e.body as { state?: string }).state === 'FAILED',
    );
  },
};
