/** §2.2: `GET /connectors` with every `expand` combination, and `POST /connectors` with `initial_state`. */
import { writeFile } from 'node:fs/promises';
import { hasConnectorState, hasState, hasTasks, type DiffCase } from '../case.js';

const source = (n: string) => ({
  'connector.class': 'FileStreamSource',
  topic: `list-{{t}}-${n}`,
  file: `{{dir}}/list-${n}.txt`,
});

export const connectorsListCase: DiffCase = {
  name: 'connectors-list',
  covers: 'GET /connectors, expand=status, expand=info, both, unknown and comma-joined expand values',
  async run(ctx) {
    await ctx.forEach((t) => writeFile(`${t.dir}/list-a.txt`, 'one\n'));
    await ctx.both('empty list', { method: 'GET', path: '/connectors' });
    await ctx.both('create a', { method: 'POST', path: '/connectors', body: { name: 'list-a', config: source('a') } });
    await ctx.both('create sink b', {
      method: 'POST',
      path: '/connectors',
      body: {
        name: 'list-b-{{t}}',
        config: {
          'connector.class': 'FileStreamSink',
          topics: 'list-{{t}}-a',
          file: '{{dir}}/list-b.out',
          'tasks.max': '2',
        },
      },
    });
    await ctx.waitBoth('status a', { method: 'GET', path: '/connectors/list-a/status' }, hasState('RUNNING', 1));
    await ctx.waitBoth('status b', { method: 'GET', path: '/connectors/list-b-{{t}}/status' }, hasState('RUNNING', 2));
    await ctx.both('names', { method: 'GET', path: '/connectors' }, { unordered: [''] });
    await ctx.both('expand=status', { method: 'GET', path: '/connectors?expand=status' });
    await ctx.both('expand=info', { method: 'GET', path: '/connectors?expand=info' });
    await ctx.both('expand=status&expand=info', { method: 'GET', path: '/connectors?expand=status&expand=info' });
    await ctx.both('expand=info&expand=status', { method: 'GET', path: '/connectors?expand=info&expand=status' });
    await ctx.both('expand=status,info (one unknown value)', { method: 'GET', path: '/connectors?expand=status,info' });
    await ctx.both('expand=bogus', { method: 'GET', path: '/connectors?expand=bogus' });
    await ctx.both('expand=STATUS (case)', { method: 'GET', path: '/connectors?expand=STATUS' });
    await ctx.both('expand= (empty)', { method: 'GET', path: '/connectors?expand=' });
    await ctx.both('other query params ignored', { method: 'GET', path: '/connectors?foo=bar' }, { unordered: [''] });
  },
};

export const createCase: DiffCase = {
  name: 'create',
  covers: 'POST /connectors: 201 + Location, initial_state RUNNING/PAUSED/STOPPED (any case), 409, typed config values',
  async run(ctx) {
    await ctx.both('create RUNNING', {
      method: 'POST',
      path: '/connectors',
      body: { name: 'cr-run', config: source('run'), initial_state: 'RUNNING' },
    });
    await ctx.both('create PAUSED', {
      method: 'POST',
      path: '/connectors',
      body: { name: 'cr-pause', config: source('pause'), initial_state: 'PAUSED' },
    });
    await ctx.both('create stopped (lower case)', {
      method: 'POST',
      path: '/connectors',
      body: { name: 'cr-stop', config: source('stop'), initial_state: 'stopped' },
    });
    await ctx.both('create initial_state null', {
      method: 'POST',
      path: '/connectors',
      body: { name: 'cr-null', config: source('null'), initial_state: null },
    });
    await ctx.waitBoth('RUNNING status', { method: 'GET', path: '/connectors/cr-run/status' }, hasState('RUNNING', 1));
    // Connect creates no tasks for a connector created PAUSED (they appear on resume).
    await ctx.waitBoth(
      'PAUSED status',
      { method: 'GET', path: '/connectors/cr-pause/status' },
      hasConnectorState('PAUSED'),
    );
    await ctx.waitBoth('STOPPED status', { method: 'GET', path: '/connectors/cr-stop/status' }, hasState('STOPPED', 0));
    await ctx.waitBoth(
      'null initial state runs',
      { method: 'GET', path: '/connectors/cr-null/status' },
      hasState('RUNNING', 1),
    );
    await ctx.both('STOPPED has no tasks', { method: 'GET', path: '/connectors/cr-stop/tasks' });
    await ctx.both('STOPPED info', { method: 'GET', path: '/connectors/cr-stop' });
    await ctx.both('PAUSED info', { method: 'GET', path: '/connectors/cr-pause' });
    await ctx.both('duplicate 409', {
      method: 'POST',
      path: '/connectors',
      body: { name: 'cr-run', config: source('run') },
    });
    await ctx.both('duplicate with other config 409', {
      method: 'POST',
      path: '/connectors',
      body: { name: 'cr-run', config: { ...source('x'), 'tasks.max': '3' } },
    });
    await ctx.both('invalid config for an existing name is 400, not 409', {
      method: 'POST',
      path: '/connectors',
      body: { name: 'cr-run', config: { 'connector.class': 'FileStreamSource' } },
    });
    await ctx.both('numbers and booleans become strings', {
      method: 'POST',
      path: '/connectors',
      body: {
        name: 'cr-typed',
        config: { ...source('typed'), 'tasks.max': 1, 'batch.size': 10, 'errors.log.enable': true },
      },
    });
    await ctx.both('typed config stored as strings', { method: 'GET', path: '/connectors/cr-typed/config' });
    await ctx.both('numeric name', { method: 'POST', path: '/connectors', body: { name: 42, config: source('num') } });
    await ctx.waitBoth('numeric name readable', { method: 'GET', path: '/connectors/42' }, hasTasks(1));
    await ctx.both('declared key set to null is accepted', {
      method: 'POST',
      path: '/connectors',
      body: { name: 'cr-nullfile', config: { ...source('nf'), file: null }, initial_state: 'STOPPED' },
    });
    await ctx.both('null kept in config', { method: 'GET', path: '/connectors/cr-nullfile/config' });
    await ctx.both('names', { method: 'GET', path: '/connectors' }, { unordered: [''] });
  },
};
