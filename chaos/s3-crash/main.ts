/**
 * The S3 crash run alone: `npx tsx chaos/s3-crash/main.ts [--records=200000] [--kills=10]` (its stack
 * starts a broker unless KAFKA_BOOTSTRAP_SERVERS is set). Prints progress and the verdict; exit 1 on failure.
 */
import { s3CrashProbe } from '../probe-s3-crash.js';

const arg = (name: string, fallback: number): number =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const started = Date.now();
const log = (line: string) =>
  process.stdout.write(`[s3-crash +${Math.round((Date.now() - started) / 1000)}s] ${line}\n`);
const bootstrap = process.env['KAFKA_BOOTSTRAP_SERVERS'];
const result = await s3CrashProbe(log, {
  records: arg('records', 200_000),
  kills: arg('kills', 10),
  ...(bootstrap ? { kafkaBootstrapServers: bootstrap } : {}),
});
log(`${result.pass ? 'PASS' : 'FAIL'}: ${result.summary}`);
for (const line of result.details) process.stdout.write(`  ${line}\n`);
process.exit(result.pass ? 0 : 1);
