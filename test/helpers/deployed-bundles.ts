/**
 * The deployed artifacts, as tests see them: `cdk synth` of the default app (local esbuild bundling, as
 * `cdk deploy` would upload), each function's bundle copied out of the repository (so nothing resolves
 * from our node_modules) and hosted in a Node 22 process of its own (test/fixtures/lambda-bundle-host.mjs),
 * with the environment the template gives it, pointed at local services.
 */
import { execFile, fork, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HOST = fileURLToPath(new URL('../fixtures/lambda-bundle-host.mjs', import.meta.url));
const run = promisify(execFile);

type Json = Record<string, unknown>;
export interface SynthesizedFunction {
  readonly logicalId: string;
  readonly description: string;
  /** Where the bundle was copied, outside the repository. */
  readonly bundleDir: string;
  /** Environment variables exactly as the template sets them (unresolved references kept as JSON). */
  readonly environment: Readonly<Record<string, unknown>>;
  readonly timeoutSeconds: number;
  /** Packages the bundle imports and expects the runtime to provide (Node built-ins excluded). */
  readonly runtimeModules: readonly string[];
  /** The Node built-ins it imports. */
  readonly builtins: readonly string[];
  readonly bundleBytes: number;
}

export interface SynthesizedApp {
  readonly template: { Resources: Record<string, { Type: string; Properties?: Json; Metadata?: Json }> };
  readonly functions: readonly SynthesizedFunction[];
  readonly synthMs: number;
}

/** `cdk synth` with `context` (and `env`, e.g. LC_PLUGINS) into a fresh directory; bundles copied to `stageDir`. */
export async function synthesizeApp(
  context: Record<string, string>,
  stageDir: string,
  env: Record<string, string> = {},
): Promise<SynthesizedApp> {
  const out = await mkdtemp(join(tmpdir(), 'lc-cdk-out-'));
  const started = Date.now();
  const args = [
    'synth',
    '--quiet',
    '--output',
    out,
    ...Object.entries(context).flatMap(([k, v]) => ['--context', `${k}=${v}`]),
  ];
  await run(join(ROOT, 'node_modules', '.bin', 'cdk'), args, {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, ...env, CDK_DISABLE_VERSION_CHECK: 'true' },
  });
  const synthMs = Date.now() - started;
  const stackFile = (await readdir(out)).find((f) => f.endsWith('.template.json'));
  if (stackFile === undefined) throw new Error(`cdk synth wrote no template into ${out}`);
  const template = JSON.parse(await readFile(join(out, stackFile), 'utf8')) as SynthesizedApp['template'];
  const functions: SynthesizedFunction[] = [];
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const assetPath = resource.Metadata?.['aws:asset:path'];
    if (resource.Type !== 'AWS::Lambda::Function' || typeof assetPath !== 'string') continue;
    const props = resource.Properties ?? {};
    const bundleDir = join(stageDir, logicalId);
    await cp(join(out, assetPath), bundleDir, { recursive: true });
    const code = await readFile(join(bundleDir, 'index.mjs'), 'utf8');
    const imports = await externalImports(join(bundleDir, 'index.mjs'));
    functions.push({
      logicalId,
      description: String(props['Description'] ?? ''),
      bundleDir,
      environment: ((props['Environment'] as Json | undefined)?.['Variables'] ?? {}) as Record<string, unknown>,
      timeoutSeconds: Number(props['Timeout'] ?? 3),
      runtimeModules: imports.packages,
      builtins: imports.builtins,
      bundleBytes: Buffer.byteLength(code),
    });
  }
  return { template, functions, synthMs };
}

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/**
 * Every module a bundle imports that is not inside it (static imports, dynamic imports, `require`
 * calls), read by esbuild's parser rather than by pattern, so strings that merely mention a package
 * (the SDK's error messages name optional ones) do not count. Split into Node built-ins and the rest.
 */
export async function externalImports(file: string): Promise<{ builtins: string[]; packages: string[] }> {
  const result = await build({
    entryPoints: [file],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    logLevel: 'silent',
  });
  const paths = new Set(
    Object.values(result.metafile.inputs).flatMap((input) =>
      input.imports.filter((i) => i.external).map((i) => i.path),
    ),
  );
  const all = [...paths].sort();
  return { builtins: all.filter((p) => BUILTINS.has(p)), packages: all.filter((p) => !BUILTINS.has(p)) };
}

/**
 * The template's environment for a function, run locally: literal values as synthesized, references
 * (`Ref` of a table or function) replaced by `references[variable]`, then `overrides` (the local
 * endpoints, the real broker) and dummy credentials. Nothing else from this process leaks in.
 */
export function localEnvironment(
  fn: SynthesizedFunction,
  references: Record<string, string>,
  overrides: Record<string, string>,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(fn.environment)) {
    const resolved = typeof value === 'string' ? value : references[name];
    if (resolved === undefined)
      throw new Error(`${fn.description}: no local value for ${name}=${JSON.stringify(value)}`);
    env[name] = resolved;
  }
  return {
    ...env,
    ...overrides,
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_LAMBDA_FUNCTION_NAME: fn.logicalId,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
  };
}

export interface BundleHost {
  readonly importMs: number;
  readonly nodeVersion: string;
  /** Runs the handler once with `event`; rejects with the handler's error. */
  invoke(event: unknown, timeoutMs: number): Promise<unknown>;
  /** What the process wrote to stdout/stderr (its logs). */
  output(): string;
  stop(): Promise<void>;
}

/** Starts `fn`'s bundle under `nodeBinary` with `env` only; resolves once it is imported. */
export async function hostBundle(
  nodeBinary: string,
  fn: SynthesizedFunction,
  env: Record<string, string>,
): Promise<BundleHost> {
  const child: ChildProcess = fork(HOST, [fn.bundleDir, fn.logicalId], {
    execPath: nodeBinary,
    execArgv: [],
    env,
    cwd: fn.bundleDir,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  const ready = new Promise<{ importMs: number; node: string }>((resolve, reject) => {
    child.on(
      'message',
      (message: {
        type: string;
        id?: number;
        result?: unknown;
        importMs?: number;
        node?: string;
        error?: { name?: string; message: string };
      }) => {
        if (message.type === 'ready') resolve({ importMs: message.importMs ?? 0, node: message.node ?? '' });
        else if (message.type === 'init-error')
          reject(new Error(`${fn.description}: the bundle failed to load: ${message.error?.message}`));
        const waiter = message.id === undefined ? undefined : pending.get(message.id);
        if (waiter === undefined || message.id === undefined) return;
        pending.delete(message.id);
        if (message.type === 'result') waiter.resolve(message.result);
        else
          waiter.reject(
            Object.assign(new Error(message.error?.message ?? 'handler failed'), {
              name: message.error?.name ?? 'Error',
            }),
          );
      },
    );
    child.once('exit', (code) => {
      reject(new Error(`${fn.description}: the host exited (${code}) before it was ready:\n${output}`));
      for (const waiter of pending.values()) waiter.reject(new Error(`${fn.description}: the host exited (${code})`));
    });
  });
  const { importMs, node } = await ready;
  return {
    importMs,
    nodeVersion: node,
    invoke: (event, timeoutMs) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        child.send({ id, event, timeoutMs });
      }),
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
