/**
 * `npm run bench -- --plugins` entry of the JDBC plugin. The source's figures are under `source`; the
 * sink's benchmark adds its own key beside it.
 */
import { sourceBenchmark } from './source.js';

export async function benchmark(options: { quick?: boolean; progress?: (line: string) => void }): Promise<Record<string, unknown>> {
  return { source: await sourceBenchmark(options) };
}
