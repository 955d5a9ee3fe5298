/**
 * Runs one broker until told to stop: prints `READY <bootstrap servers>` once it answers, and stops it
 * (by PID) on SIGTERM/SIGINT or when its standard input closes, so a parent that dies takes it along.
 * The test runner shares one broker across the integration test files this way.
 */
import { startKafkaBroker } from './broker.js';

const broker = await startKafkaBroker();
process.stdout.write(`READY ${broker.bootstrapServers}\n`);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  void broker.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
