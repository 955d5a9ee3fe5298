/**
 * §2.6: `/admin/loggers`. Connect lists every logger its JVM has created; we know only the loggers set
 * through the API, so listings are compared on the loggers this case sets.
 */
import { hasStatus, type DiffCase } from '../case.js';

const NS = 'org.example.diff{{t}}';

/** Keeps only the entries of the loggers this case created (their names contain the target token). */
function ownLoggers(body: unknown): unknown {
  if (Array.isArray(body)) return body.filter((name) => String(name).includes('{{t}}'));
  if (body === null || typeof body !== 'object') return body;
  return Object.fromEntries(Object.entries(body).filter(([name]) => name.includes('{{t}}')));
}

export const loggersCase: DiffCase = {
  name: 'loggers',
  covers:
    'GET all / one logger, PUT worker scope (changed loggers only), cluster scope 204, bad level 404, missing level 400',
  async run(ctx) {
    const put = (label: string, logger: string, body: unknown, query = '') =>
      ctx.both(label, { method: 'PUT', path: `/admin/loggers/${logger}${query}`, body });
    await ctx.both('unknown logger', { method: 'GET', path: `/admin/loggers/${NS}.none` });
    await put('set DEBUG', `${NS}.a`, { level: 'DEBUG' });
    await ctx.both('get it', { method: 'GET', path: `/admin/loggers/${NS}.a` });
    await put('same level again changes nothing', `${NS}.a`, { level: 'debug' });
    await put('lower-case level', `${NS}.a`, { level: 'trace' });
    await ctx.both('get after lower-case', { method: 'GET', path: `/admin/loggers/${NS}.a` });
    await put('set a child', `${NS}.a.b`, { level: 'ERROR' });
    await put('set the parent namespace', NS, { level: 'DEBUG' });
    await ctx.both('child follows the namespace', { method: 'GET', path: `/admin/loggers/${NS}.a.b` });
    await ctx.both('parent namespace', { method: 'GET', path: `/admin/loggers/${NS}` });
    await ctx.both('ancestor never set', { method: 'GET', path: '/admin/loggers/org.example' });
    await ctx.both('child never set', { method: 'GET', path: `/admin/loggers/${NS}.a.b.c` });
    await ctx.both('GET all (own loggers)', { method: 'GET', path: '/admin/loggers' }, { project: ownLoggers });
    await ctx.both(
      'GET all (root)',
      { method: 'GET', path: '/admin/loggers' },
      { project: (b) => (b as Record<string, unknown>)['root'] },
    );
    await put('bad level', `${NS}.a`, { level: 'LOUD' });
    await put('numeric level', `${NS}.a`, { level: 5 });
    await put('missing level', `${NS}.a`, {});
    await put('null level', `${NS}.a`, { level: null });
    await put('extra fields ignored', `${NS}.x`, { level: 'WARN', other: 'x' });
    await put('ALL level', `${NS}.y`, { level: 'ALL' });
    await put('OFF level', `${NS}.z`, { level: 'OFF' });
    await ctx.both('OFF logger', { method: 'GET', path: `/admin/loggers/${NS}.z` });
    await put('worker scope explicit', `${NS}.w`, { level: 'ERROR' }, '?scope=worker');
    await put('unknown scope is worker', `${NS}.u`, { level: 'ERROR' }, '?scope=galaxy');
    await put('cluster scope', `${NS}.c`, { level: 'ERROR' }, '?scope=cluster');
    await put('cluster scope, any case', `${NS}.c2`, { level: 'ERROR' }, '?scope=CLUSTER');
    await ctx.waitBoth('cluster level applied', { method: 'GET', path: `/admin/loggers/${NS}.c` }, hasStatus(200));
    // Connect applies cluster scope asynchronously, one logger at a time: wait for the second one too
    // (under load the listing below once caught Connect before it had applied it).
    await ctx.waitBoth(
      'cluster level applied, any case',
      { method: 'GET', path: `/admin/loggers/${NS}.c2` },
      hasStatus(200),
    );
    await put('cluster scope bad level', `${NS}.c`, { level: 'LOUD' }, '?scope=cluster');
    await ctx.both(
      'GET all after scopes (own loggers)',
      { method: 'GET', path: '/admin/loggers' },
      { project: ownLoggers },
    );
  },
};
