/**
 * Fault injection: the process running the slices is SIGKILLed at random points, many times, while a
 * source and a sink move 20,000 lines. Afterwards no line is missing (count and content), and duplicates
 * stay within one slice per kill. Also: two concurrent invocations of one task, only the lease holder runs.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { uniqueName, useTestStack } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';

const LINES = 20_000;
const KILLS = 15;
const SOURCE_BATCH = 100;
const SOURCE_SLICE_RECORDS = 400;
const SINK_SLICE_RECORDS = 500;

describe('fault injection', () => {
  const ref = useTestStack({ isolateTaskRunner: true, leaseTtlMs: 2_000, tickMs: 500 });

  test(`${KILLS} kills of the task-runner process lose no line and repeat at most a slice per kill`, async () => {
    const { rest, dataDir, stack } = ref.current;
    const source = join(dataDir, 'in.txt');
    const sink = join(dataDir, 'out.txt');
    const topic = uniqueName('faults');
    const expected = Array.from({ length: LINES }, (_, i) => `line-${i}`);
    await writeFile(source, expected.join('\n') + '\n');
    const common = {
      'value.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    };
    await rest.post('/connectors', {
      name: 'faulty-src',
      config: {
        'connector.class': 'FileStreamSource',
        file: source,
        topic,
        'batch.size': String(SOURCE_BATCH),
        'slice.max.records': String(SOURCE_SLICE_RECORDS),
        ...common,
      },
    });
    await rest.post('/connectors', {
      name: 'faulty-snk',
      config: {
        'connector.class': 'FileStreamSink',
        file: sink,
        topics: topic,
        'slice.max.records': String(SINK_SLICE_RECORDS),
        ...common,
      },
    });

    const read = async (): Promise<string[]> =>
      (await readFile(sink, 'utf8').catch(() => '')).split('\n').filter((l) => l !== '');
    await waitFor(async () => (await read()).length > 0, { timeoutMs: 20_000, message: 'data starts flowing' });
    let killsDuringFlow = 0;
    for (let i = 0; i < KILLS; i++) {
      await delay(100 + Math.floor(Math.random() * 400));
      if (new Set(await read()).size < LINES) killsDuringFlow++;
      await stack.killTaskRunner();
    }
    await waitFor(async () => new Set(await read()).size >= LINES, {
      timeoutMs: 90_000,
      intervalMs: 200,
      message: 'every line arrives after the kills',
    });

    const lines = await read();
    const missing = expected.filter((l) => !lines.includes(l));
    assert.deepEqual(missing, [], 'no line is missing');
    assert.deepEqual([...new Set(lines)].sort(), [...expected].sort(), 'nothing but the source lines');
    const duplicates = lines.length - LINES;
    // A source re-sends at most what it produced since its last offset flush: within its slice.
    const bound = KILLS * (SOURCE_SLICE_RECORDS + SINK_SLICE_RECORDS);
    assert.ok(duplicates <= bound, `${duplicates} duplicates exceed one slice per kill (${bound})`);
    process.stdout.write(
      `# fault injection: ${KILLS} kills (${killsDuringFlow} while data flowed), ${duplicates} duplicate lines of ${LINES} (bound ${bound})\n`,
    );
  });
});
