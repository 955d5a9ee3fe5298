/**
 * Fetches the Kafka broker jars and the Kafka Connect jars (the reference worker of the differential
 * suite) into `.cache/` ahead of the tests (CI calls it after `npm ci`), so the downloads show their
 * own progress instead of hiding inside the first integration test's timeout.
 */
import { ensureConnectJars, ensureKafkaJars } from './fetch.js';

const started = Date.now();
const libDir = await ensureKafkaJars();
process.stderr.write(`[kafka jars] ready in ${libDir} (${Date.now() - started} ms)\n`);
const connectStarted = Date.now();
const connectLibDir = await ensureConnectJars();
process.stderr.write(`[kafka jars] Connect ready in ${connectLibDir} (${Date.now() - connectStarted} ms)\n`);
