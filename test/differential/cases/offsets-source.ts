/** §2.4 for a source connector: GET / PATCH / DELETE offsets, every error message, and their effect. */
import { writeFile } from 'node:fs/promises';
import { hasState, type DiffCase } from '../case.js';

const SOURCE = { 'connector.class': 'FileStreamSource', topic: 'os-{{t}}', file: '{{dir}}/os.txt' };
const PATH = '/connectors/os-a/offsets';

/** The offsets body lists `count` partitions (Connect reads its offsets topic asynchronously). */
function partitions(count: number) {
  return (exchange: { status: number; body: unknown }): boolean =>
    exchange.status === 200 && ((exchange.body as { offsets?: unknown[] }).offsets?.length ?? -1) === count;
}

/** The offsets body has exactly one partition, at `position`. */
function atPosition(position: number) {
  return (exchange: { status: number; body: unknown }): boolean => {
    const offsets = (exchange.body as { offsets?: Array<{ offset?: { position?: number } }> }).offsets ?? [];
    return exchange.status === 200 && offsets.length === 1 && offsets[0]?.offset?.position === position;
  };
}

const PARTITION = { filename: '{{dir}}/os.txt' };
const BAD_ALTERS: Array<[string, unknown]> = [
  ['no offsets key', {}],
  ['empty offsets', { offsets: [] }],
  ['null offsets', { offsets: null }],
  ['offsets is an object', { offsets: {} }],
  ['body is an array', []],
  ['null entry', { offsets: [null] }],
  ['unknown field in entry', { offsets: [{ partition: PARTITION, offset: { position: 1 }, x: 1 }] }],
  ['null partition', { offsets: [{ partition: null, offset: { position: 2 } }] }],
  ['missing partition', { offsets: [{ offset: { position: 2 } }] }],
  ['partition without filename', { offsets: [{ partition: { name: 'x' }, offset: { position: 2 } }] }],
  ['offset without position', { offsets: [{ partition: PARTITION, offset: { pos: 2 } }] }],
  ['position as string', { offsets: [{ partition: PARTITION, offset: { position: '2' } }] }],
  ['position negative', { offsets: [{ partition: PARTITION, offset: { position: -2 } }] }],
  ['position fractional', { offsets: [{ partition: PARTITION, offset: { position: 1.5 } }] }],
  ['position is an object', { offsets: [{ partition: PARTITION, offset: { position: { a: 1 } } }] }],
  ['position is an array', { offsets: [{ partition: PARTITION, offset: { position: [1] } }] }],
  ['filename is an object', { offsets: [{ partition: { filename: { a: 1 } }, offset: { position: 1 } }] }],
  [
    'second entry bad',
    {
      offsets: [
        { partition: PARTITION, offset: { position: 1 } },
        { partition: PARTITION, offset: { pos: 1 } },
      ],
    },
  ],
];

export const offsetsSourceCase: DiffCase = {
  name: 'offsets-source',
  covers:
    'source offsets: GET in any state, PATCH/DELETE only when STOPPED, validation messages, reset, re-read after reset',
  async run(ctx) {
    await ctx.both('GET unknown', { method: 'GET', path: '/connectors/os-none/offsets' });
    await ctx.both('PATCH unknown', {
      method: 'PATCH',
      path: '/connectors/os-none/offsets',
      body: { offsets: [{ partition: PARTITION, offset: { position: 1 } }] },
    });
    await ctx.both('PATCH unknown with empty body', { method: 'PATCH', path: '/connectors/os-none/offsets', body: {} });
    await ctx.both('DELETE unknown', { method: 'DELETE', path: '/connectors/os-none/offsets' });
    await ctx.forEach((t) => writeFile(`${t.dir}/os.txt`, 'a\nbb\nccc\n'));
    await ctx.both('create', { method: 'POST', path: '/connectors', body: { name: 'os-a', config: SOURCE } });
    await ctx.waitBoth('running', { method: 'GET', path: '/connectors/os-a/status' }, hasState('RUNNING', 1));
    await ctx.waitBoth('offsets after reading', { method: 'GET', path: PATH }, atPosition(9));
    await ctx.both('PATCH while running', {
      method: 'PATCH',
      path: PATH,
      body: { offsets: [{ partition: PARTITION, offset: { position: 2 } }] },
    });
    await ctx.both('DELETE while running', { method: 'DELETE', path: PATH });
    await ctx.both('pause', { method: 'PUT', path: '/connectors/os-a/pause' });
    await ctx.waitBoth('paused', { method: 'GET', path: '/connectors/os-a/status' }, hasState('PAUSED', 1));
    await ctx.both('PATCH while paused', {
      method: 'PATCH',
      path: PATH,
      body: { offsets: [{ partition: PARTITION, offset: { position: 2 } }] },
    });
    await ctx.both('stop', { method: 'PUT', path: '/connectors/os-a/stop' });
    await ctx.waitBoth('stopped', { method: 'GET', path: '/connectors/os-a/status' }, hasState('STOPPED', 0));
    await ctx.both('GET while stopped', { method: 'GET', path: PATH });
    for (const [label, body] of BAD_ALTERS) await ctx.both(label, { method: 'PATCH', path: PATH, body });
    await ctx.both('offsets unchanged by failures', { method: 'GET', path: PATH });
    await ctx.both('PATCH position 2', {
      method: 'PATCH',
      path: PATH,
      body: { offsets: [{ partition: PARTITION, offset: { position: 2 } }] },
    });
    await ctx.waitBoth('GET altered', { method: 'GET', path: PATH }, atPosition(2));
    await ctx.both('PATCH another partition', {
      method: 'PATCH',
      path: PATH,
      body: { offsets: [{ partition: { filename: '{{dir}}/other.txt' }, offset: { position: 4 } }] },
    });
    await ctx.waitBoth('GET two partitions', { method: 'GET', path: PATH }, partitions(2), { unordered: ['offsets'] });
    await ctx.both('PATCH null offset removes', {
      method: 'PATCH',
      path: PATH,
      body: { offsets: [{ partition: { filename: '{{dir}}/other.txt' }, offset: null }] },
    });
    await ctx.both('PATCH missing offset removes', {
      method: 'PATCH',
      path: PATH,
      body: { offsets: [{ partition: { filename: '{{dir}}/never.txt' } }] },
    });
    await ctx.waitBoth('GET after removal', { method: 'GET', path: PATH }, partitions(1));
    await ctx.both('resume', { method: 'PUT', path: '/connectors/os-a/resume' });
    // The task resumes from position 2: "bb" and "ccc" are read again, ending at 9.
    await ctx.waitBoth('re-read from the altered position', { method: 'GET', path: PATH }, atPosition(9));
    await ctx.both('stop again', { method: 'PUT', path: '/connectors/os-a/stop' });
    await ctx.waitBoth('stopped again', { method: 'GET', path: '/connectors/os-a/status' }, hasState('STOPPED', 0));
    await ctx.both('DELETE resets', { method: 'DELETE', path: PATH });
    await ctx.waitBoth('GET after reset', { method: 'GET', path: PATH }, partitions(0));
    await ctx.both('DELETE again', { method: 'DELETE', path: PATH });
    await ctx.both('resume after reset', { method: 'PUT', path: '/connectors/os-a/resume' });
    await ctx.waitBoth('re-read from the start', { method: 'GET', path: PATH }, atPosition(9));
  },
};
