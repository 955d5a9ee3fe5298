/**
 * Starts the differential environment (one broker, a Connect 4.3.1 worker and our local stack on it) and
 * keeps it up until SIGTERM / SIGINT, printing `READY connect=<url> ours=<url> dir=<scratch dir>`: for
 * replaying client sequences against both (`npx tsx scripts/clients/replay.ts <url> <dir>`) or poking at
 * both by hand. `npx tsx test/differential/serve.ts`
 */
import { startDiffEnv } from './harness.js';

const env = await startDiffEnv();
process.stdout.write(
  `READY connect=${env.connect.url} ours=${env.ours.url} dir=${env.ours.dir} bootstrap=${env.bootstrapServers}\n`,
);
const stop = (): void => {
  env.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
setInterval(() => undefined, 1 << 30);
