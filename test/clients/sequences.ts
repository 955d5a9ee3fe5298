/**
 * The REST calls of the Connect clients people use most, replayed against the local stack as each client
 * sends them (paths with their trailing slashes, repeated query parameters, headers) and judged by each
 * client's own response handling: a body labelled JSON must parse (what broke a Python CLI on empty
 * 202/204 answers labelled JSON), typed calls need a JSON body of the right shape, 409 is retried where
 * the client retries it, any other error status fails the step. Sequences were read from the clients'
 * sources: kcctl (`KafkaConnectApi`, MicroProfile REST client, retries 409 for 30 s), the Mongey Terraform
 * provider (PUT config as create-or-update, 409 retried, 404 on read = gone), Kafka UI and AKHQ (their
 * server-side connect clients: `expand=info&expand=status` listings, plugin validation, actions; no CORS,
 * as they call Connect from their backends), kafka-connect-py 1.0.0 (the `kc` CLI; measured live with
 * scripts/clients/kafka-connect-py.py against Connect 4.3.1 and the local stack: 19/19 steps on both).
 * Replayed with scripts/clients/replay.ts, every step passes on Connect 4.3.1 and on the local stack alike
 * (kcctl 24, Terraform 6, Kafka UI / AKHQ 15, kafka-connect-py 12).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { waitFor } from '../helpers/wait.js';

export interface Step {
  readonly label: string;
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  /** What the client needs from a 2xx answer: nothing (void call), or a JSON value passing the check. */
  readonly expect?: (body: unknown) => boolean;
  /** Statuses the client accepts besides 2xx (e.g. Terraform's 404 on read of a deleted connector). */
  readonly accept?: readonly number[];
}

export interface Outcome {
  readonly label: string;
  readonly ok: boolean;
  readonly detail?: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const has =
  (...keys: string[]) =>
  (v: unknown): boolean =>
    isObject(v) && keys.every((k) => k in v);
const isArray = (v: unknown): boolean => Array.isArray(v);

/** Sends one step as a JSON REST client does, retrying 409 for up to 30 s when `retry409`. */
async function run(baseUrl: string, step: Step, retry409: boolean): Promise<Outcome> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (step.body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(baseUrl + step.path, {
      method: step.method,
      headers,
      ...(step.body === undefined ? {} : { body: JSON.stringify(step.body) }),
    });
    const text = await response.text();
    if (response.status === 409 && retry409 && Date.now() < deadline) continue;
    const type = response.headers.get('content-type');
    let parsed: unknown;
    if (type?.startsWith('application/json')) {
      try {
        parsed = JSON.parse(text);
      } catch {
        return {
          label: step.label,
          ok: false,
          detail: `${response.status} labelled ${type} but the body does not parse: '${text.slice(0, 60)}'`,
        };
      }
    }
    if (step.accept?.includes(response.status)) return { label: step.label, ok: true };
    if (response.status >= 400)
      return { label: step.label, ok: false, detail: `${response.status} ${text.slice(0, 200)}` };
    if (step.expect !== undefined && !step.expect(parsed))
      return { label: step.label, ok: false, detail: `${response.status} unexpected body ${text.slice(0, 200)}` };
    return { label: step.label, ok: true };
  }
}

export async function runAll(baseUrl: string, steps: readonly Step[], retry409: boolean): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const step of steps) outcomes.push(await run(baseUrl, step, retry409));
  return outcomes;
}

/** Where a sequence runs: the REST base URL and a scratch directory the worker can read files from. */
export interface ClientTarget {
  readonly url: string;
  readonly dir: string;
  /** Unique per run: connector names and topics. */
  readonly unique: (prefix: string) => string;
}

export interface ClientSequence {
  readonly client: string;
  readonly covers: string;
  readonly run: (target: ClientTarget) => Promise<Outcome[]>;
}

async function sourceConfig(target: ClientTarget, name: string): Promise<Record<string, string>> {
  const file = join(target.dir, `${name}.txt`);
  await writeFile(file, 'a\nb\n');
  return { 'connector.class': 'FileStreamSource', file, topic: name };
}

async function running(target: ClientTarget, name: string): Promise<void> {
  await waitFor(
    async () => {
      const response = await fetch(`${target.url}/connectors/${name}/status`);
      const status = (response.status === 200 ? await response.json() : {}) as {
        connector?: { state?: string };
        tasks?: Array<{ state: string }>;
      };
      return (
        status.connector?.state === 'RUNNING' &&
        (status.tasks ?? []).length === 1 &&
        status.tasks?.[0]?.state === 'RUNNING'
      );
    },
    { timeoutMs: 30_000 },
  );
}

async function stopped(target: ClientTarget, name: string): Promise<void> {
  await waitFor(
    async () => {
      const response = await fetch(`${target.url}/connectors/${name}/status`);
      return (
        response.status === 200 &&
        ((await response.json()) as { connector?: { state?: string } }).connector?.state === 'STOPPED'
      );
    },
    { timeoutMs: 30_000 },
  );
}

export const CLIENT_SEQUENCES: readonly ClientSequence[] = [
  {
    client: 'kcctl',
    covers: 'info, plugins, apply, describe, restart, pause/resume, stop, offsets, loggers, delete',
    async run(target) {
      const name = target.unique('kcctl');
      const config = await sourceConfig(target, name);
      const url = target.url;
      const first = await runAll(
        url,
        [
          { label: 'info', method: 'GET', path: '/', expect: has('version', 'commit', 'kafka_cluster_id') },
          { label: 'get plugins', method: 'GET', path: '/connector-plugins?connectorsOnly=true', expect: isArray },
          {
            label: 'describe plugin',
            method: 'GET',
            path: '/connector-plugins/FileStreamSource/config',
            expect: isArray,
          },
          {
            label: 'validate',
            method: 'PUT',
            path: '/connector-plugins/FileStreamSource/config/validate',
            body: config,
            expect: has('name', 'error_count', 'groups', 'configs'),
          },
          {
            label: 'apply (create)',
            method: 'POST',
            path: '/connectors/',
            body: { name, config },
            expect: has('name', 'config', 'tasks'),
          },
          {
            label: 'get connectors',
            method: 'GET',
            path: '/connectors/',
            expect: (b) => Array.isArray(b) && b.includes(name),
          },
        ],
        true,
      );
      await running(target, name);
      const rest = await runAll(
        url,
        [
          {
            label: 'get connectors expanded',
            method: 'GET',
            path: '/connectors?expand=status&expand=info',
            expect: (b) => isObject(b) && has('status', 'info')(b[name]),
          },
          {
            label: 'describe',
            method: 'GET',
            path: `/connectors/${name}`,
            expect: has('name', 'config', 'tasks', 'type'),
          },
          {
            label: 'status',
            method: 'GET',
            path: `/connectors/${name}/status`,
            expect: has('name', 'connector', 'tasks'),
          },
          { label: 'topics', method: 'GET', path: `/connectors/${name}/topics`, expect: isObject },
          { label: 'config', method: 'GET', path: `/connectors/${name}/config`, expect: has('connector.class') },
          { label: 'offsets', method: 'GET', path: `/connectors/${name}/offsets`, expect: has('offsets') },
          {
            label: 'apply (update)',
            method: 'PUT',
            path: `/connectors/${name}/config`,
            body: { ...config, 'batch.size': '50' },
            expect: has('name', 'config'),
          },
          { label: 'restart connector (void)', method: 'POST', path: `/connectors/${name}/restart` },
          {
            label: 'restart with tasks',
            method: 'POST',
            path: `/connectors/${name}/restart?includeTasks=true&onlyFailed=false`,
            expect: has('name', 'connector', 'tasks'),
          },
          { label: 'restart task', method: 'POST', path: `/connectors/${name}/tasks/0/restart` },
          { label: 'pause (void)', method: 'PUT', path: `/connectors/${name}/pause` },
          { label: 'resume (void)', method: 'PUT', path: `/connectors/${name}/resume` },
          {
            label: 'set logger',
            method: 'PUT',
            path: '/admin/loggers/org.apache.kafka.connect.runtime.WorkerSourceTask',
            body: { level: 'DEBUG' },
            expect: (b) => Array.isArray(b) && b.includes('org.apache.kafka.connect.runtime.WorkerSourceTask'),
          },
          {
            label: 'set logger, cluster scope',
            method: 'PUT',
            path: '/admin/loggers/org.apache.kafka.connect.runtime.WorkerSourceTask?scope=cluster',
            body: { level: 'INFO' },
          },
          { label: 'get loggers', method: 'GET', path: '/admin/loggers/', expect: has('root') },
          { label: 'stop (void)', method: 'PUT', path: `/connectors/${name}/stop` },
        ],
        true,
      );
      await stopped(target, name);
      const end = await runAll(
        url,
        [
          { label: 'delete offsets', method: 'DELETE', path: `/connectors/${name}/offsets`, expect: has('message') },
          { label: 'delete (void)', method: 'DELETE', path: `/connectors/${name}` },
        ],
        true,
      );
      return [...first, ...rest, ...end];
    },
  },
  {
    client: 'Terraform provider (Mongey)',
    covers: 'read-missing, PUT create, read, PUT update, delete, read-missing',
    async run(target) {
      const name = target.unique('tf');
      const config = await sourceConfig(target, name);
      const url = target.url;
      const gone = { accept: [404] } as const;
      const create = await runAll(
        url,
        [
          { label: 'read before create (404 = not in state)', method: 'GET', path: `/connectors/${name}`, ...gone },
          {
            label: 'create (PUT config)',
            method: 'PUT',
            path: `/connectors/${name}/config`,
            body: config,
            expect: has('name', 'config', 'tasks'),
          },
        ],
        true,
      );
      await running(target, name);
      const rest = await runAll(
        url,
        [
          {
            label: 'read',
            method: 'GET',
            path: `/connectors/${name}`,
            expect: (b) =>
              has('config')(b) && (b as { config: Record<string, string> }).config['file'] === config['file'],
          },
          {
            label: 'update (PUT config)',
            method: 'PUT',
            path: `/connectors/${name}/config`,
            body: { ...config, 'tasks.max': '1' },
            expect: (b) => has('config')(b) && (b as { config: Record<string, string> }).config['tasks.max'] === '1',
          },
          { label: 'delete', method: 'DELETE', path: `/connectors/${name}` },
          { label: 'read after delete (404 = gone)', method: 'GET', path: `/connectors/${name}`, ...gone },
        ],
        true,
      );
      return [...create, ...rest];
    },
  },
  {
    client: 'Kafka UI / AKHQ',
    covers: 'expanded listings, plugins, validation, tasks, actions',
    async run(target) {
      const name = target.unique('ui');
      const config = await sourceConfig(target, name);
      const url = target.url;
      const create = await runAll(
        url,
        [
          {
            label: 'plugins',
            method: 'GET',
            path: '/connector-plugins',
            expect: (b) => Array.isArray(b) && b.every(has('class', 'type')),
          },
          {
            label: 'validate by class (AKHQ)',
            method: 'PUT',
            path: '/connector-plugins/org.apache.kafka.connect.file.FileStreamSourceConnector/config/validate',
            body: { ...config, 'connector.class': 'org.apache.kafka.connect.file.FileStreamSourceConnector' },
            expect: has('configs'),
          },
          { label: 'create', method: 'POST', path: '/connectors', body: { name, config }, expect: has('name') },
        ],
        false,
      );
      await running(target, name);
      const views = await runAll(
        url,
        [
          {
            label: 'list expand=info&expand=status',
            method: 'GET',
            path: '/connectors?expand=info&expand=status',
            expect: (b) => isObject(b) && has('info', 'status')(b[name]),
          },
          {
            label: 'list expand=status',
            method: 'GET',
            path: '/connectors?expand=status',
            expect: (b) => isObject(b) && has('status')(b[name]),
          },
          { label: 'config', method: 'GET', path: `/connectors/${name}/config`, expect: isObject },
          {
            label: 'tasks',
            method: 'GET',
            path: `/connectors/${name}/tasks`,
            expect: (b) => Array.isArray(b) && b.length === 1 && has('id', 'config')(b[0]),
          },
          {
            label: 'task status',
            method: 'GET',
            path: `/connectors/${name}/tasks/0/status`,
            expect: has('id', 'state', 'worker_id'),
          },
          {
            label: 'restart all tasks (Kafka UI)',
            method: 'POST',
            path: `/connectors/${name}/restart?includeTasks=true&onlyFailed=false`,
            expect: has('connector', 'tasks'),
          },
          {
            label: 'restart failed tasks',
            method: 'POST',
            path: `/connectors/${name}/restart?includeTasks=true&onlyFailed=true`,
            expect: has('connector', 'tasks'),
          },
          { label: 'restart task', method: 'POST', path: `/connectors/${name}/tasks/0/restart` },
          { label: 'pause', method: 'PUT', path: `/connectors/${name}/pause` },
          { label: 'resume', method: 'PUT', path: `/connectors/${name}/resume` },
          {
            label: 'update config',
            method: 'PUT',
            path: `/connectors/${name}/config`,
            body: config,
            expect: has('name'),
          },
          { label: 'delete', method: 'DELETE', path: `/connectors/${name}` },
        ],
        false,
      );
      return [...create, ...views];
    },
  },
  {
    client: 'kafka-connect-py',
    covers: 'the kc CLI sequence; every empty answer is unlabelled, so nothing parses an empty body',
    async run(target) {
      const name = target.unique('kcpy');
      const config = await sourceConfig(target, name);
      const url = target.url;
      const steps: Step[] = [
        { label: 'info', method: 'GET', path: '/', expect: isObject },
        { label: 'create', method: 'POST', path: '/connectors', body: { name, config }, expect: has('name') },
      ];
      const outcomes = await runAll(target.url, steps, false);
      await running(target, name);
      const more: Step[] = [
        { label: 'list', method: 'GET', path: '/connectors', expect: isArray },
        { label: 'list expand status', method: 'GET', path: '/connectors?expand=status', expect: isObject },
        { label: 'pause', method: 'PUT', path: `/connectors/${name}/pause` },
        { label: 'resume', method: 'PUT', path: `/connectors/${name}/resume` },
        {
          label: 'restart (params False)',
          method: 'POST',
          path: `/connectors/${name}/restart?includeTasks=False&onlyFailed=False`,
        },
        {
          label: 'restart with tasks',
          method: 'POST',
          path: `/connectors/${name}/restart?includeTasks=True&onlyFailed=False`,
          expect: has('connector'),
        },
        { label: 'delete', method: 'DELETE', path: `/connectors/${name}` },
      ];
      outcomes.push(...(await runAll(url, more, false)));
      // The property the Python CLI depends on, checked directly: empty answers carry no Content-Type.
      const other = target.unique('kcpy-empty');
      await run(
        target.url,
        {
          label: 'create another',
          method: 'POST',
          path: '/connectors',
          body: { name: other, config: await sourceConfig(target, other) },
        },
        false,
      );
      for (const [method, path] of [
        ['PUT', `/connectors/${other}/pause`],
        ['PUT', `/connectors/${other}/resume`],
        ['DELETE', `/connectors/${other}`],
      ] as const) {
        const response = await fetch(target.url + path, { method });
        const text = await response.text();
        const type = response.headers.get('content-type');
        const ok = response.status < 300 && text === '' && type === null;
        outcomes.push({
          label: `${method} ${path.replace(other, '{n}')}: empty and unlabelled`,
          ok,
          ...(ok ? {} : { detail: `${response.status} ${type ?? '(no type)'} '${text.slice(0, 60)}'` }),
        });
      }
      return outcomes;
    },
  },
];
