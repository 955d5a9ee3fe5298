/** §2.1: `GET /` (version, commit, the broker's cluster id) and `GET /health`. */
import type { DiffCase } from '../case.js';

export const rootCase: DiffCase = {
  name: 'root',
  covers: 'GET /, GET /health',
  async run(ctx) {
    // The commit is the build's own; version and cluster id (the same broker) must be equal.
    await ctx.both('GET /', { method: 'GET', path: '/' }, { ignore: ['commit'] });
    await ctx.both('GET /health', { method: 'GET', path: '/health' });
    await ctx.both('GET / with a query string', { method: 'GET', path: '/?x=1' }, { ignore: ['commit'] });
  },
};
