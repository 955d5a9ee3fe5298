/**
 * The entry point of the embedded DynamoDB's own process (see embedded-process.ts): starts dynalite,
 * prints `READY <endpoint>` once it listens, and closes it (flushing its store) on SIGTERM or SIGINT,
 * or when its standard input closes, so a parent that dies takes it along.
 *
 * Arguments: `[host] [port] [dataDir]` (`-` for the defaults: 127.0.0.1, a free port, in memory).
 */
import { startEmbeddedDynamo } from './embedded.js';

const [host, port, dataDir] = process.argv.slice(2).map((arg) => (arg === '-' ? undefined : arg));
const dynamo = await startEmbeddedDynamo({
  ...(host === undefined ? {} : { host }),
  ...(port === undefined ? {} : { port: Number(port) }),
  ...(dataDir === undefined ? {} : { dataDir }),
});
process.stdout.write(`READY ${dynamo.endpoint}\n`);

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  void dynamo.close().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`closing the embedded DynamoDB failed: ${String(error)}\n`);
      process.exit(1);
    },
  );
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
