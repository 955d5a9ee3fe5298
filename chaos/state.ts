/**
 * A snapshot of everything the REST API shows about the connectors (names, configs, task configs,
 * statuses, offsets, topics) and the logger levels, to compare before and after a probe.
 */
import { call, enc } from './http.js';

export type Snapshot = Map<string, string>;

export async function snapshot(port: number): Promise<Snapshot> {
  const out: Snapshot = new Map();
  const names = await call<string[]>(port, 'GET', '/connectors');
  out.set('/connectors', JSON.stringify([...(Array.isArray(names.body) ? names.body : [])].sort()));
  for (const name of Array.isArray(names.body) ? names.body : []) {
    for (const part of ['config', 'tasks', 'offsets', 'topics']) {
      const res = await call(port, 'GET', `/connectors/${enc(name)}/${part}`);
      out.set(`${name}/${part}`, `${res.status} ${JSON.stringify(res.body)}`);
    }
    const status = await call<{ connector?: { state?: string }; tasks?: Array<{ id: number; state: string }> }>(
      port,
      'GET',
      `/connectors/${enc(name)}/status`,
    );
    // States only: worker ids and traces are not state a request could change.
    const tasks = (status.body.tasks ?? []).map((t) => `${t.id}:${t.state}`).join(',');
    out.set(`${name}/status`, `${status.status} ${status.body.connector?.state ?? '-'} [${tasks}]`);
  }
  const loggers = await call(port, 'GET', '/admin/loggers');
  out.set('/admin/loggers', JSON.stringify(loggers.body));
  return out;
}

/** Keys whose values differ, with both values. */
export function diff(
  before: Snapshot,
  after: Snapshot,
): Array<{ key: string; before: string | undefined; after: string | undefined }> {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys]
    .filter((k) => before.get(k) !== after.get(k))
    .map((key) => ({ key, before: before.get(key), after: after.get(key) }));
}
