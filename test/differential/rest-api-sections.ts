/** The examples of docs/rest-api.md, one per endpoint, in the order the document shows them. */
import { writeFile } from 'node:fs/promises';
import type { Pair } from './harness.js';
import type { CompareOptions } from './normalize.js';
import type { DiffRequest, Exchange, Target } from './targets.js';

export interface Example {
  readonly title: string;
  readonly request: DiffRequest;
  readonly note?: string;
  readonly options?: CompareOptions;
  /** What of the response body the document shows (long bodies are reduced). */
  readonly view?: (body: unknown) => unknown;
  readonly shownPath?: string;
}

export interface Steps {
  show(example: Example): Promise<Pair>;
  waitRunning(statusPath: string, tasks: number): Promise<void>;
  waitTasks(infoPath: string, tasks: number): Promise<void>;
  waitStopped(statusPath: string): Promise<void>;
  until(request: DiffRequest, done: (exchange: Exchange) => boolean): Promise<void>;
  forEach(action: (target: Target) => Promise<void>): Promise<void>;
}

export interface Section {
  readonly title: string;
  readonly intro?: string;
  readonly run: (steps: Steps) => Promise<void>;
}

const SOURCE = { 'connector.class': 'FileStreamSource', file: '{{dir}}/input.txt', topic: 'lines-{{t}}' };
const SINK = { 'connector.class': 'FileStreamSink', file: '{{dir}}/copy.txt', topics: 'lines-{{t}}' };
const get = (path: string): DiffRequest => ({ method: 'GET', path });
const firstOf = (count: number) => (body: unknown) => (Array.isArray(body) ? body.slice(0, count) : body);
const offsetsAt = (key: string, value: number) => (e: Exchange) => JSON.stringify(e.body).includes(`"${key}":${value}`);

export const SECTIONS: readonly Section[] = [
  {
    title: 'Worker',
    async run(s) {
      await s.show({
        title: 'GET / — version, commit, Kafka cluster id',
        request: get('/'),
        options: { ignore: ['commit'] },
        note: "`commit` is our build id (Connect: the Kafka build commit); `kafka_cluster_id` is the broker's.",
      });
      await s.show({ title: 'GET /health', request: get('/health') });
    },
  },
  {
    title: 'Connectors',
    async run(s) {
      await s.forEach((t) => writeFile(`${t.dir}/input.txt`, 'first line\nsecond line\n'));
      await s.show({
        title: 'POST /connectors — create (201, Location)',
        request: { method: 'POST', path: '/connectors', body: { name: 'local-file-source', config: SOURCE } },
      });
      await s.show({
        title: 'POST /connectors with initial_state',
        request: {
          method: 'POST',
          path: '/connectors',
          body: { name: 'copy-{{t}}', config: { ...SINK, 'tasks.max': '2' }, initial_state: 'RUNNING' },
        },
        note: '`initial_state` is `RUNNING` (default), `PAUSED` or `STOPPED`, in any case.',
      });
      await s.show({
        title: 'POST /connectors — the name exists (409)',
        request: { method: 'POST', path: '/connectors', body: { name: 'local-file-source', config: SOURCE } },
      });
      await s.show({
        title: 'POST /connectors — invalid config (400)',
        request: {
          method: 'POST',
          path: '/connectors',
          body: { name: 'bad', config: { 'connector.class': 'FileStreamSink', 'tasks.max': '0' } },
        },
      });
      await s.show({
        title: 'POST /connectors — no connector.class (400)',
        request: { method: 'POST', path: '/connectors', body: { name: 'bad', config: { topic: 't' } } },
      });
      await s.waitRunning('/connectors/local-file-source/status', 1);
      await s.waitRunning('/connectors/copy-{{t}}/status', 2);
      await s.show({ title: 'GET /connectors', request: get('/connectors'), options: { unordered: [''] } });
      await s.show({
        title: 'GET /connectors?expand=status&expand=info',
        request: get('/connectors?expand=status&expand=info'),
        note: 'Repeat `expand`; `expand=status,info` is one unknown value (each connector maps to `{}`).',
      });
      await s.show({ title: 'GET /connectors/{name}', request: get('/connectors/local-file-source') });
      await s.show({ title: 'GET /connectors/{name} — unknown (404)', request: get('/connectors/nope') });
      await s.show({
        title: 'GET /connectors/{name}/config',
        request: get('/connectors/local-file-source/config'),
        note: 'Exactly what was stored, `name` included; `${…}` references stay unresolved.',
      });
      await s.show({
        title: 'PUT /connectors/{name}/config — create (201)',
        request: { method: 'PUT', path: '/connectors/put-created/config', body: { ...SOURCE, topic: 'other-{{t}}' } },
      });
      await s.waitTasks('/connectors/put-created', 1);
      await s.show({
        title: 'PUT /connectors/{name}/config — replace (200)',
        request: {
          method: 'PUT',
          path: '/connectors/put-created/config',
          body: { ...SOURCE, topic: 'other-{{t}}', 'batch.size': '100' },
        },
      });
      await s.show({
        title: 'PATCH /connectors/{name}/config — merge; null removes a key',
        request: {
          method: 'PATCH',
          path: '/connectors/put-created/config',
          body: { 'batch.size': null, 'tasks.max': '1' },
        },
      });
      await s.show({
        title: 'DELETE /connectors/{name} (204)',
        request: { method: 'DELETE', path: '/connectors/put-created' },
      });
    },
  },
  {
    title: 'Status and tasks',
    async run(s) {
      await s.show({
        title: 'GET /connectors/{name}/status',
        request: get('/connectors/copy-{{t}}/status'),
        note: '`worker_id` is `127.0.0.1:<port>` locally and `lambda-connect:<region>` on AWS; `trace` appears on failures.',
      });
      await s.show({ title: 'GET /connectors/{name}/tasks', request: get('/connectors/copy-{{t}}/tasks') });
      await s.show({
        title: 'GET /connectors/{name}/tasks/{task}/status',
        request: get('/connectors/copy-{{t}}/tasks/1/status'),
      });
      await s.show({
        title: 'GET /connectors/{name}/tasks/{task}/status — no such task (404)',
        request: get('/connectors/copy-{{t}}/tasks/7/status'),
      });
      await s.show({
        title: 'GET /connectors/{name}/tasks-config (removed in 4.x: 404)',
        request: get('/connectors/copy-{{t}}/tasks-config'),
      });
    },
  },
  {
    title: 'Restarts, pause, resume, stop',
    async run(s) {
      await s.show({
        title: 'POST /connectors/{name}/restart (204)',
        request: { method: 'POST', path: '/connectors/local-file-source/restart' },
      });
      await s.waitRunning('/connectors/local-file-source/status', 1);
      await s.show({
        title: 'POST /connectors/{name}/restart?includeTasks=true&onlyFailed=false (202 with the plan)',
        request: { method: 'POST', path: '/connectors/local-file-source/restart?includeTasks=true&onlyFailed=false' },
        note: 'With `includeTasks` or `onlyFailed`, the answer is 202 and shows what will restart as `RESTARTING`.',
      });
      await s.waitRunning('/connectors/local-file-source/status', 1);
      await s.show({
        title: 'POST /connectors/{name}/tasks/{task}/restart (204)',
        request: { method: 'POST', path: '/connectors/local-file-source/tasks/0/restart' },
      });
      await s.waitRunning('/connectors/local-file-source/status', 1);
      await s.show({
        title: 'PUT /connectors/{name}/pause (202)',
        request: { method: 'PUT', path: '/connectors/local-file-source/pause' },
      });
      await s.show({
        title: 'PUT /connectors/{name}/resume (202)',
        request: { method: 'PUT', path: '/connectors/local-file-source/resume' },
      });
      await s.show({
        title: 'PUT /connectors/{name}/pause — unknown (404)',
        request: { method: 'PUT', path: '/connectors/nope/pause' },
      });
    },
  },
  {
    title: 'Active topics',
    async run(s) {
      await s.until(get('/connectors/local-file-source/topics'), (e) => JSON.stringify(e.body).includes('lines-'));
      await s.show({ title: 'GET /connectors/{name}/topics', request: get('/connectors/local-file-source/topics') });
      await s.show({
        title: 'PUT /connectors/{name}/topics/reset (202)',
        request: { method: 'PUT', path: '/connectors/local-file-source/topics/reset' },
      });
    },
  },
  {
    title: 'Offsets',
    intro: 'Offsets can be read in any state; altering or resetting them needs a STOPPED connector.',
    async run(s) {
      await s.until(get('/connectors/local-file-source/offsets'), offsetsAt('position', 23));
      await s.show({
        title: 'GET /connectors/{name}/offsets — a source',
        request: get('/connectors/local-file-source/offsets'),
      });
      await s.until(get('/connectors/copy-{{t}}/offsets'), offsetsAt('kafka_offset', 2));
      await s.show({
        title: 'GET /connectors/{name}/offsets — a sink',
        request: get('/connectors/copy-{{t}}/offsets'),
      });
      await s.show({
        title: 'PATCH /connectors/{name}/offsets — not STOPPED (400)',
        request: {
          method: 'PATCH',
          path: '/connectors/local-file-source/offsets',
          body: { offsets: [{ partition: { filename: '{{dir}}/input.txt' }, offset: { position: 0 } }] },
        },
      });
      await s.show({
        title: 'PUT /connectors/{name}/stop (204)',
        request: { method: 'PUT', path: '/connectors/local-file-source/stop' },
      });
      await s.show({
        title: 'PUT /connectors/{name}/stop — the sink',
        request: { method: 'PUT', path: '/connectors/copy-{{t}}/stop' },
      });
      await s.waitStopped('/connectors/local-file-source/status');
      await s.waitStopped('/connectors/copy-{{t}}/status');
      await s.show({
        title: 'PATCH /connectors/{name}/offsets — a source',
        request: {
          method: 'PATCH',
          path: '/connectors/local-file-source/offsets',
          body: { offsets: [{ partition: { filename: '{{dir}}/input.txt' }, offset: { position: 11 } }] },
        },
      });
      await s.show({
        title: 'PATCH /connectors/{name}/offsets — a sink (numbers or strings; null removes)',
        request: {
          method: 'PATCH',
          path: '/connectors/copy-{{t}}/offsets',
          body: {
            offsets: [{ partition: { kafka_topic: 'lines-{{t}}', kafka_partition: 0 }, offset: { kafka_offset: '1' } }],
          },
        },
      });
      await s.show({
        title: 'PATCH /connectors/{name}/offsets — bad partition (400)',
        request: {
          method: 'PATCH',
          path: '/connectors/copy-{{t}}/offsets',
          body: { offsets: [{ partition: { kafka_topic: 'lines-{{t}}' }, offset: { kafka_offset: 1 } }] },
        },
      });
      await s.show({
        title: 'DELETE /connectors/{name}/offsets — reset',
        request: { method: 'DELETE', path: '/connectors/copy-{{t}}/offsets' },
      });
      await s.show({
        title: 'GET /connectors/{name}/offsets — after the reset',
        request: get('/connectors/copy-{{t}}/offsets'),
      });
    },
  },
  {
    title: 'Connector plugins',
    async run(s) {
      await s.show({ title: 'GET /connector-plugins', request: get('/connector-plugins') });
      await s.show({
        title: 'GET /connector-plugins?connectorsOnly=false',
        request: get('/connector-plugins?connectorsOnly=false'),
        view: firstOf(6),
        note: 'Sinks, sources, transformations, predicates, converters, header converters (first entries shown).',
      });
      await s.show({
        title: 'GET /connector-plugins/{plugin}/config',
        request: get('/connector-plugins/FileStreamSink/config'),
        view: firstOf(3),
      });
      await s.show({
        title: 'GET /connector-plugins/{plugin}/config — unknown (404)',
        request: get('/connector-plugins/Nope/config'),
      });
      await s.show({
        title: 'PUT /connector-plugins/{plugin}/config/validate',
        request: {
          method: 'PUT',
          path: '/connector-plugins/FileStreamSink/config/validate',
          body: { 'connector.class': 'FileStreamSink', name: 'check', 'tasks.max': '0' },
        },
        view: (body) => {
          const infos = body as { configs: Array<{ value: { errors: string[] } }> };
          return { ...infos, configs: infos.configs.filter((c) => c.value.errors.length > 0) };
        },
        note: '200 even with errors; `error_count` counts them. Only the entries with errors are shown here; the full answer lists every key with its definition.',
      });
      await s.show({
        title: 'PUT …/config/validate — type mismatch (400)',
        request: { method: 'PUT', path: '/connector-plugins/FileStreamSink/config/validate', body: SOURCE },
      });
    },
  },
  {
    title: 'Log levels',
    intro: 'Levels set here are stored and applied by every function (REST, scheduler, task runner).',
    async run(s) {
      await s.show({
        title: 'PUT /admin/loggers/{logger} — worker scope (200, the loggers changed)',
        request: { method: 'PUT', path: '/admin/loggers/org.example.demo{{t}}', body: { level: 'DEBUG' } },
      });
      await s.show({ title: 'GET /admin/loggers/{logger}', request: get('/admin/loggers/org.example.demo{{t}}') });
      await s.show({
        title: 'PUT /admin/loggers/{logger}?scope=cluster (204)',
        request: {
          method: 'PUT',
          path: '/admin/loggers/org.example.demo{{t}}.sub?scope=cluster',
          body: { level: 'TRACE' },
        },
      });
      // Connect applies cluster-scoped levels asynchronously (through its config topic).
      await s.until(
        get('/admin/loggers/org.example.demo{{t}}.sub'),
        (e) => e.status === 200 && (e.body as { level?: string }).level === 'TRACE',
      );
      await s.show({
        title: 'PUT /admin/loggers/{logger} — unknown level (404, as Connect)',
        request: { method: 'PUT', path: '/admin/loggers/org.example.demo{{t}}', body: { level: 'LOUD' } },
      });
      await s.show({
        title: 'GET /admin/loggers',
        request: get('/admin/loggers'),
        view: (body) =>
          Object.fromEntries(Object.entries(body as object).filter(([k]) => k.includes('demo') || k === 'root')),
        note: 'Root and the loggers set through the API (Connect also lists every logger of its JVM).',
        options: {
          project: (body) => Object.fromEntries(Object.entries(body as object).filter(([k]) => k.includes('{{t}}'))),
        },
      });
    },
  },
  {
    title: 'Errors common to every endpoint',
    async run(s) {
      await s.show({ title: 'Unknown path (404)', request: get('/nope') });
      await s.show({ title: 'Wrong method (405)', request: { method: 'DELETE', path: '/connectors' } });
      await s.show({
        title: 'Not JSON (415)',
        request: { method: 'POST', path: '/connectors', raw: 'name=x', contentType: 'text/plain' },
        shownPath: '/connectors',
      });
      await s.show({
        title: 'Malformed JSON (400; Connect answers 500)',
        request: { method: 'POST', path: '/connectors', raw: '{"name": "x", "config": {' },
      });
    },
  },
];
