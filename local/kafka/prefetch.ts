/**
 * Fetches the Kafka broker jars into `.cache/` ahead of the tests (CI calls it after `npm ci`), so the
 * download shows its own progress instead of hiding inside the first integration test's timeout.
 */
import { ensureKafkaJars } from './fetch.js';

const started = Date.now();
const libDir = await ensureKafkaJars();
process.stderr.write(`[kafka jars] ready in ${libDir} (${Date.now() - started} ms)\n`);
