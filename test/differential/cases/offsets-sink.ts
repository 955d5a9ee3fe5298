/** §2.4 for a sink connector: consumer-group offsets, every validation message, alter / reset and their effect. */
import { writeFile } from 'node:fs/promises';
import { hasState, type DiffCase } from '../case.js';

const SINK = { 'connector.class': 'FileStreamSink', topics: 'osk-{{t}}', file: '{{dir}}/osk.out' };
const PATH = '/connectors/osk-{{t}}/offsets';
const TP = { kafka_topic: 'osk-{{t}}', kafka_partition: 0 };

/** The offsets body lists no partition. */
const none = (exchange: { status: number; body: unknown }): boolean =>
  exchange.status === 200 && ((exchange.body as { offsets?: unknown[] }).offsets?.length ?? -1) === 0;

/** The offsets body has exactly one partition, at `offset`. */
function atOffset(offset: number) {
  return (exchange: { status: number; body: unknown }): boolean => {
    const offsets = (exchange.body as { offsets?: Array<{ offset?: { kafka_offset?: number } }> }).offsets ?? [];
    return exchange.status === 200 && offsets.length === 1 && offsets[0]?.offset?.kafka_offset === offset;
  };
}

const BAD_ALTERS: Array<[string, unknown]> = [
  ['no offsets key', {}],
  ['empty offsets', { offsets: [] }],
  ['null partition', { offsets: [{ partition: null, offset: { kafka_offset: 1 } }] }],
  ['missing partition', { offsets: [{ offset: { kafka_offset: 1 } }] }],
  [
    'partition without kafka_partition',
    { offsets: [{ partition: { kafka_topic: 'osk-{{t}}' }, offset: { kafka_offset: 1 } }] },
  ],
  ['partition without kafka_topic', { offsets: [{ partition: { kafka_partition: 0 }, offset: { kafka_offset: 1 } }] }],
  [
    'null kafka_topic',
    { offsets: [{ partition: { kafka_topic: null, kafka_partition: 0 }, offset: { kafka_offset: 1 } }] },
  ],
  [
    'null kafka_partition',
    { offsets: [{ partition: { kafka_topic: 'osk-{{t}}', kafka_partition: null }, offset: { kafka_offset: 1 } }] },
  ],
  [
    'kafka_partition not a number',
    { offsets: [{ partition: { kafka_topic: 'osk-{{t}}', kafka_partition: 'a' }, offset: { kafka_offset: 1 } }] },
  ],
  [
    'kafka_partition fractional',
    { offsets: [{ partition: { kafka_topic: 'osk-{{t}}', kafka_partition: 1.5 }, offset: { kafka_offset: 1 } }] },
  ],
  ['offset without kafka_offset', { offsets: [{ partition: TP, offset: { x: 1 } }] }],
  ['null kafka_offset', { offsets: [{ partition: TP, offset: { kafka_offset: null } }] }],
  ['kafka_offset not a number', { offsets: [{ partition: TP, offset: { kafka_offset: 'z' } }] }],
  ['kafka_offset fractional', { offsets: [{ partition: TP, offset: { kafka_offset: 2.5 } }] }],
  ['negative kafka_offset', { offsets: [{ partition: TP, offset: { kafka_offset: -5 } }] }],
  [
    'negative kafka_partition',
    { offsets: [{ partition: { kafka_topic: 'osk-{{t}}', kafka_partition: -1 }, offset: { kafka_offset: 1 } }] },
  ],
  [
    'unknown topic',
    { offsets: [{ partition: { kafka_topic: 'osk-none-{{t}}', kafka_partition: 0 }, offset: { kafka_offset: 1 } }] },
  ],
  [
    'partition beyond the topic',
    { offsets: [{ partition: { kafka_topic: 'osk-{{t}}', kafka_partition: 7 }, offset: { kafka_offset: 1 } }] },
  ],
  [
    'kafka_topic as a number',
    { offsets: [{ partition: { kafka_topic: 5, kafka_partition: 0 }, offset: { kafka_offset: 1 } }] },
  ],
];

export const offsetsSinkCase: DiffCase = {
  name: 'offsets-sink',
  covers:
    'sink offsets: consumer group offsets, STOPPED rule, validation messages, strings as numbers, null / reset, re-read',
  async run(ctx) {
    await ctx.forEach((t) => writeFile(`${t.dir}/osk.txt`, 'a\nbb\nccc\n'));
    await ctx.both('create feeding source', {
      method: 'POST',
      path: '/connectors',
      body: {
        name: 'osk-feed',
        config: { 'connector.class': 'FileStreamSource', topic: 'osk-{{t}}', file: '{{dir}}/osk.txt' },
      },
    });
    await ctx.both('create sink', { method: 'POST', path: '/connectors', body: { name: 'osk-{{t}}', config: SINK } });
    await ctx.waitBoth('sink running', { method: 'GET', path: '/connectors/osk-{{t}}/status' }, hasState('RUNNING', 1));
    await ctx.waitBoth('offsets after consuming', { method: 'GET', path: PATH }, atOffset(3));
    await ctx.both('PATCH while running', {
      method: 'PATCH',
      path: PATH,
      body: { offsets: [{ partition: TP, offset: { kafka_offset: 1 } }] },
    });
    await ctx.both('DELETE while running', { method: 'DELETE', path: PATH });
    await ctx.both('stop', { method: 'PUT', path: '/connectors/osk-{{t}}/stop' });
    await ctx.waitBoth('stopped', { method: 'GET', path: '/connectors/osk-{{t}}/status' }, hasState('STOPPED', 0));
    for (const [label, body] of BAD_ALTERS) await ctx.both(label, { method: 'PATCH', path: PATH, body });
    await ctx.both('offsets unchanged by failures', { method: 'GET', path: PATH });
    await ctx.both('PATCH numbers', {
      method: 'PATCH',
      path: PATH,
      body: { offsets: [{ partition: TP, offset: { kafka_offset: 1 } }] },
    });
    await ctx.waitBoth('GET altered', { method: 'GET', path: PATH }, atOffset(1));
    await ctx.both('PATCH strings', {
      method: 'PATCH',
      path: PATH,
      body: {
        offsets: [{ partition: { kafka_topic: 'osk-{{t}}', kafka_partition: '0' }, offset: { kafka_offset: '2' } }],
      },
    });
    await ctx.waitBoth('GET altered by strings', { method: 'GET', path: PATH }, atOffset(2));
    await ctx.both('PATCH null offset', {
      method: 'PATCH',
      path: PATH,
      body: { offsets: [{ partition: TP, offset: null }] },
    });
    await ctx.waitBoth('GET after null', { method: 'GET', path: PATH }, none);
    await ctx.both('PATCH offset 1 again', {
      method: 'PATCH',
      path: PATH,
      body: { offsets: [{ partition: TP, offset: { kafka_offset: 1 } }] },
    });
    await ctx.both('resume', { method: 'PUT', path: '/connectors/osk-{{t}}/resume' });
    await ctx.waitBoth('re-read from offset 1', { method: 'GET', path: PATH }, atOffset(3));
    await ctx.both('stop again', { method: 'PUT', path: '/connectors/osk-{{t}}/stop' });
    await ctx.waitBoth(
      'stopped again',
      { method: 'GET', path: '/connectors/osk-{{t}}/status' },
      hasState('STOPPED', 0),
    );
    await ctx.both('DELETE resets', { method: 'DELETE', path: PATH });
    await ctx.waitBoth('GET after reset', { method: 'GET', path: PATH }, none);
    await ctx.both('DELETE again', { method: 'DELETE', path: PATH });
  },
};
