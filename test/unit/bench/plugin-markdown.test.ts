/**
 * `npm run bench -- --plugins` tables every plugin throughput figure beside the FileStream sink measured
 * in the same run: records/s and MB/s with their spread, and the ratio to the FileStream sink.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fileStreamSinkBaseline } from '../../../bench/filestream-baseline.js';
import { BASELINE, renderPluginMarkdown } from '../../../bench/plugins.js';
import { spread } from '../../../bench/stats.js';

describe('plugin benchmarks beside the FileStream sink', () => {
  test('every { recordsPerSecond, MB/s } figure gets a row with its spread and its ratio to the baseline', () => {
    const markdown = renderPluginMarkdown({
      [BASELINE]: {
        records: 10,
        runs: 3,
        recordsPerSecond: spread([100_000, 90_000, 110_000]),
        megabytesPerSecond: spread([10, 9, 11]),
      },
      s3: {
        workload: { records: 10 },
        motoGzip: { recordsPerSecond: spread([50_000, 40_000, 60_000]), megabytesPerSecond: spread([5, 4, 6]) },
      },
      's3-source': { json: { recordsPerSecond: spread([25_000]), mbPerSecond: spread([2.5]) } },
      dynamodb: {
        sinkItemsPerSecond: spread([1]),
        sink: { recordsPerSecond: spread([2_000, 1_000, 3_000]), megabytesPerSecond: spread([2, 1, 3]) },
      },
    });
    assert.match(markdown, /\| filestream-sink \(baseline\) \| 100,000 \(90,000–110,000\) \| 10 \(9–11\) \| 1 \|/);
    assert.match(markdown, /\| s3\.motoGzip \| 50,000 \(40,000–60,000\) \| 5 \(4–6\) \| 0\.50 \|/);
    assert.match(markdown, /\| s3-source\.json \| 25,000 \(25,000–25,000\) \| 2\.50 \(2\.50–2\.50\) \| 0\.25 \|/);
    assert.match(markdown, /\| dynamodb\.sink \| 2,000 \(1,000–3,000\) \| 2 \(1–3\) \| 0\.02 \|/);
    assert.doesNotMatch(markdown, /\| dynamodb\.sinkItemsPerSecond \| .* \| × /);
  });

  test('the FileStream sink baseline measures records/s and MB/s of the lines it writes', async () => {
    const figures = await fileStreamSinkBaseline({ quick: true });
    assert.equal(figures.runs, 3);
    assert.equal(figures.recordsPerSecond.runs.length, 3);
    assert.ok(figures.recordsPerSecond.median > 0);
    // ~100 bytes a line: MB/s and records/s must agree on it.
    const bytesPerRecord = (figures.megabytesPerSecond.median * 1e6) / figures.recordsPerSecond.median;
    assert.ok(bytesPerRecord > 60 && bytesPerRecord < 200, `${bytesPerRecord} bytes a record`);
  });
});
