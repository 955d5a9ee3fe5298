/**
 * `npm run chaos [-- --quick] [-- --only=a,g]`: the fault and fuzz suite of issue 10 (and (i), issue 14's S3 crash run), against the local
 * stack it starts itself (a real Kafka broker, the embedded DynamoDB server and `local/main.ts`, each a
 * process of its own so each can be killed). Not part of `npm test`. Prints progress and a table, and
 * (for a run of every probe) writes docs/reliability.md. Exit code 1 when a probe fails.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { FAKE_PARAMETERS, FAKE_SECRETS, secretsProbe } from './probe-secrets.js';
import { startFakeSecrets } from './fake-secrets.js';
import { LOCAL_ACCOUNT } from '../local/iam/index.js';
import { fuzzProbe } from './probe-fuzz.js';
import { outageProbe } from './probe-outage.js';
import { redosProbe } from './probe-redos.js';
import { s3CrashProbe } from './probe-s3-crash.js';
import { soakProbe } from './probe-soak.js';
import { stormProbe } from './probe-storm.js';
import { freePort, startBroker, startDynamo, startStack, type Child } from './processes.js';
import type { ChaosContext, ProbeResult } from './probe-types.js';
import { markdownReport, textTable } from './report.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const wanted = (letter: string) => only === undefined || only.includes(letter);
const started = Date.now();
const log = (line: string) => process.stdout.write(`[chaos +${Math.round((Date.now() - started) / 1000)}s] ${line}\n`);

const root = await mkdtemp(join(tmpdir(), 'lc-chaos-'));
const dataDir = join(root, 'stack');
const filesDir = join(dataDir, 'files');
await mkdir(filesDir, { recursive: true });
const ports = { kafka: await freePort(), dynamo: await freePort(), rest: await freePort() };
const fake = await startFakeSecrets(FAKE_SECRETS, FAKE_PARAMETERS);
const stackEnv = {
  AWS_ENDPOINT_URL_SECRETS_MANAGER: fake.url,
  AWS_ENDPOINT_URL_SSM: fake.url,
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_REGION: 'us-east-1',
  // The deployment's grants for the secrets probe's references (cdk deploy -c secretArns=… -c parameterArns=…).
  LC_LOCAL_IAM_CONTEXT: `secretArns=arn:aws:secretsmanager:us-east-1:${LOCAL_ACCOUNT}:secret:chaos/db-*;parameterArns=arn:aws:ssm:us-east-1:${LOCAL_ACCOUNT}:parameter/chaos/token`,
};

let broker: (Child & { bootstrap: string }) | null = null;
let dynamo: (Child & { endpoint: string }) | null = null;
let stack: Awaited<ReturnType<typeof startStack>> | null = null;
const bootBroker = async () => {
  broker = await startBroker(ports.kafka, join(root, 'kafka'));
};
const bootDynamo = async () => {
  dynamo = await startDynamo(ports.dynamo, join(root, 'dynamodb'));
};
const bootStack = async () => {
  stack = await startStack({
    port: ports.rest,
    dataDir,
    bootstrap: `127.0.0.1:${ports.kafka}`,
    dynamoEndpoint: `http://127.0.0.1:${ports.dynamo}`,
    extraEnv: stackEnv,
  });
};

const ctx: ChaosContext = {
  quick,
  log,
  filesDir,
  port: () => ports.rest,
  stackPid: () => stack?.pid ?? 0,
  killBroker: async () => broker?.kill(),
  startBroker: bootBroker,
  killDynamo: async () => dynamo?.kill(),
  startDynamo: bootDynamo,
  killStack: async () => stack?.kill(),
  startStack: bootStack,
  pids: () => [stack, broker, dynamo].flatMap((c) => (c === null ? [] : [{ name: c.name, pid: c.pid }])),
};

const results: ProbeResult[] = [];
/** The suite's time bound: a probe that would start after it is reported as not run. */
const BUDGET_MS = (quick ? 6 : 15) * 60_000;

async function run(letter: string, name: string, probe: () => Promise<ProbeResult>): Promise<void> {
  if (!wanted(letter)) return;
  if (Date.now() - started > BUDGET_MS) {
    results.push({
      probe: name,
      criterion: '-',
      pass: false,
      summary: 'not run: the time budget was spent',
      details: [`Not started: ${BUDGET_MS / 60_000} minutes had passed.`],
    });
    log(`probe ${name}: skipped, over the time budget`);
    return;
  }
  log(`probe ${name}: start`);
  try {
    const result = await probe();
    results.push(result);
    log(`probe ${name}: ${result.pass ? 'PASS' : 'FAIL'}: ${result.summary}`);
    if (!result.pass) for (const line of result.details) process.stdout.write(`    ${line}\n`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    results.push({
      probe: name,
      criterion: '-',
      pass: false,
      summary: `error: ${message.slice(0, 200)}`,
      details: [`The probe threw: ${message.slice(0, 1000)}`],
    });
    log(`probe ${name}: ERROR ${message.slice(0, 300)}`);
  }
}

const outage = (probe: string, id: string, outageMs: number, kill: () => Promise<void>, restart: () => Promise<void>) =>
  outageProbe(ctx, { probe, id, outageMs, kill, restart });

try {
  log(`starting broker, DynamoDB server and stack under ${root}${quick ? ' (quick mode)' : ''}`);
  await bootDynamo();
  await bootBroker();
  await bootStack();
  log(`stack ready on ${ports.rest} (pid ${stack!.pid}), broker pid ${broker!.pid}, dynamodb pid ${dynamo!.pid}`);
  await run('g', '(g) ReDoS patterns', () => redosProbe(ctx, stack!.invokeUrl(), `127.0.0.1:${ports.kafka}`));
  await run('a', '(a) REST fuzz', () => fuzzProbe(ctx));
  await run('e', '(e) concurrency storms', () => stormProbe(ctx));
  await run('h', '(h) secrets by reference', () => secretsProbe(ctx, `http://127.0.0.1:${ports.dynamo}`, fake.calls));
  const shortOutage = quick ? 10_000 : 30_000;
  await run('b', `(b) broker killed ${shortOutage / 1000} s`, () =>
    outage(`(b) broker killed ${shortOutage / 1000} s`, 'b30', shortOutage, ctx.killBroker, bootBroker),
  );
  if (!quick)
    await run('b', '(b) broker killed 120 s', () =>
      outage('(b) broker killed 120 s', 'b120', 120_000, ctx.killBroker, bootBroker),
    );
  await run('c', `(c) DynamoDB killed ${shortOutage / 1000} s`, () =>
    outage(`(c) DynamoDB killed ${shortOutage / 1000} s`, 'c30', shortOutage, ctx.killDynamo, bootDynamo),
  );
  await run('d', '(d) whole stack killed', () =>
    outage(
      '(d) whole stack killed',
      'd',
      5_000,
      async () => {
        await ctx.killStack();
        await ctx.killBroker();
        await ctx.killDynamo();
      },
      async () => {
        await bootDynamo();
        await bootBroker();
        await bootStack();
      },
    ),
  );
  await run('f', '(f) soak', () => soakProbe(ctx));
  // A stack of its own (isolated task runner, moto S3) on the suite's broker; alone: chaos/s3-crash/main.ts.
  await run('i', '(i) S3 crash run', () =>
    s3CrashProbe(log, {
      records: quick ? 20_000 : 200_000,
      kills: quick ? 3 : 10,
      kafkaBootstrapServers: `127.0.0.1:${ports.kafka}`,
    }),
  );
} finally {
  for (const child of [stack, broker, dynamo] as Array<Child | null>) await child?.stop().catch(() => undefined);
  await fake.close();
  await rm(root, { recursive: true, force: true }).catch(() => undefined);
}

const elapsedS = Math.round((Date.now() - started) / 1000);
process.stdout.write(`\n${textTable(results)}\n`);
if (only === undefined) {
  const commit = (() => {
    try {
      return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  })();
  const out = fileURLToPath(new URL('../docs/reliability.md', import.meta.url));
  await writeFile(
    out,
    markdownReport(results, {
      quick,
      elapsedS,
      commit,
      date: new Date().toISOString(),
      loadAverage: loadavg()
        .map((l) => l.toFixed(1))
        .join(' '),
      cpus: cpus().length,
    }),
  );
  log(`wrote ${out}`);
}
log(`done in ${elapsedS} s: ${results.filter((r) => r.pass).length}/${results.length} probes pass`);
process.exit(results.every((r) => r.pass) ? 0 : 1);
