/** Oversized requests: a config larger than one stored item, and one larger than Connect's config topic takes. */
import type { DiffCase } from '../case.js';

const config = (bytes: number) => ({
  'connector.class': 'FileStreamSource',
  topic: 'hg-{{t}}',
  file: '{{dir}}/hg.txt',
  'x.padding': 'p'.repeat(bytes),
});

export const hugeCase: DiffCase = {
  name: 'huge',
  covers:
    'oversized configs: validation still answers, creation is refused with a clear 413 here (Connect: 201 up to ~1 MB, then 500)',
  async run(ctx) {
    await ctx.both('validate a 600 KB config', {
      method: 'PUT',
      path: '/connector-plugins/FileStreamSource/config/validate',
      body: { ...config(600_000), name: 'hg-a' },
    });
    await ctx.both('create with a 600 KB config', {
      method: 'POST',
      path: '/connectors',
      body: { name: 'hg-a', config: config(600_000) },
    });
    await ctx.both('create with a 1.2 MB config', {
      method: 'POST',
      path: '/connectors',
      body: { name: 'hg-b', config: config(1_200_000) },
    });
    await ctx.both('PUT a 1.2 MB config', { method: 'PUT', path: '/connectors/hg-c/config', body: config(1_200_000) });
    await ctx.both('the 1.2 MB ones were not created', { method: 'GET', path: '/connectors/hg-b' });
  },
};
