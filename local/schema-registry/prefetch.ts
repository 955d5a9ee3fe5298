/**
 * Fetches Apicurio Registry into `.cache/` ahead of the tests (CI calls it after `npm ci`), so the download
 * shows its own progress instead of hiding inside the first test's timeout.
 */
import { ensureApicurio } from './fetch.js';

const started = Date.now();
const jar = await ensureApicurio();
process.stderr.write(`[apicurio] ready: ${jar} (${Date.now() - started} ms)\n`);
