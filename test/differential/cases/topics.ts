/** §2.3: active topics recorded by the tasks, and their reset. */
import { appendFile, writeFile } from 'node:fs/promises';
import { hasState, type DiffCase } from '../case.js';

/** The one connector in a topics body has at least one active topic. */
function hasTopics(exchange: { body: unknown }): boolean {
  const entry = Object.values((exchange.body ?? {}) as Record<string, { topics?: string[] }>)[0];
  return (entry?.topics?.length ?? 0) > 0;
}

export const topicsCase: DiffCase = {
  name: 'topics',
  covers: 'GET topics (source and sink, unknown connector 200 []), PUT topics/reset 202',
  async run(ctx) {
    await ctx.both('topics of unknown connector', { method: 'GET', path: '/connectors/tp-none/topics' });
    await ctx.both('reset of unknown connector', { method: 'PUT', path: '/connectors/tp-none/topics/reset' });
    await ctx.forEach((t) => writeFile(`${t.dir}/tp.txt`, ''));
    await ctx.both('create source', {
      method: 'POST',
      path: '/connectors',
      body: {
        name: 'tp-src',
        config: { 'connector.class': 'FileStreamSource', topic: 'tp-{{t}}', file: '{{dir}}/tp.txt' },
      },
    });
    await ctx.waitBoth('source running', { method: 'GET', path: '/connectors/tp-src/status' }, hasState('RUNNING', 1));
    await ctx.both('no topics before data', { method: 'GET', path: '/connectors/tp-src/topics' });
    await ctx.forEach((t) => appendFile(`${t.dir}/tp.txt`, 'a\nb\n'));
    await ctx.waitBoth('source topics', { method: 'GET', path: '/connectors/tp-src/topics' }, hasTopics);
    await ctx.both('create sink', {
      method: 'POST',
      path: '/connectors',
      body: {
        name: 'tp-snk-{{t}}',
        config: { 'connector.class': 'FileStreamSink', topics: 'tp-{{t}}', file: '{{dir}}/tp.out' },
      },
    });
    const sinkTopics = { method: 'GET', path: '/connectors/tp-snk-{{t}}/topics' } as const;
    await ctx.waitBoth('sink topics', sinkTopics, hasTopics, { timeoutMs: 8_000 });
    await ctx.both('reset while running', { method: 'PUT', path: '/connectors/tp-src/topics/reset' });
    await ctx.both('stop source', { method: 'PUT', path: '/connectors/tp-src/stop' });
    await ctx.waitBoth('source stopped', { method: 'GET', path: '/connectors/tp-src/status' }, hasState('STOPPED', 0));
    await ctx.both('reset when stopped', { method: 'PUT', path: '/connectors/tp-src/topics/reset' });
    await ctx.both('topics after reset', { method: 'GET', path: '/connectors/tp-src/topics' });
  },
};
