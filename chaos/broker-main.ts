/**
 * One Kafka broker on a fixed port and data dir, so the chaos suite can kill it and start it again in
 * place: prints `READY <bootstrap> <jvm pid>`, stops it on SIGTERM or when standard input closes.
 * Arguments: `<port> <dataDir>`.
 */
import { startKafkaBroker } from '../local/kafka/broker.js';

const [port, dataDir] = process.argv.slice(2);
const broker = await startKafkaBroker({ port: Number(port), ...(dataDir === undefined ? {} : { dataDir }) });
process.stdout.write(`READY ${broker.bootstrapServers} ${broker.pid}\n`);

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
process.stdin.resume();
