/** Issue 10 item 5: a declared key set to JSON null. Connect stores it (201); we refuse it (400). */
import type { DiffCase } from '../case.js';

const SOURCE = { 'connector.class': 'FileStreamSource', topic: 'nv-{{t}}', file: null };
const SINK = { 'connector.class': 'FileStreamSink', topics: 'nv-{{t}}', file: null };

export const nullValuesCase: DiffCase = {
  name: 'null-values',
  covers: 'POST and PUT with a declared key (FileStream `file`) set to null',
  async run(ctx) {
    await ctx.both('POST with file null', { method: 'POST', path: '/connectors', body: { name: 'nv-a', config: SOURCE } });
    await ctx.both('PUT with file null', { method: 'PUT', path: '/connectors/nv-b/config', body: SINK });
  },
};
