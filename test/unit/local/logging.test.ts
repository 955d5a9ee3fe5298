import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, test } from 'node:test';
import { createLocalLogger, LogFormat, LogLevel } from '../../../local/logging.js';

function capture(): { stream: PassThrough; lines: () => string[] } {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line !== ''),
  };
}

const fixedNow = (): Date => new Date('2026-03-04T05:06:07.089Z');

describe('local logger', () => {
  test('json lines carry time, level, component, message and fields', () => {
    const out = capture();
    const logger = createLocalLogger({ format: LogFormat.JSON, stream: out.stream, now: fixedNow, component: 'stack' });
    logger.info('started api', { url: 'http://127.0.0.1:8083' });
    assert.deepEqual(
      out.lines().map((line) => JSON.parse(line) as unknown),
      [
        {
          time: '2026-03-04T05:06:07.089Z',
          level: 'info',
          component: 'stack',
          message: 'started api',
          url: 'http://127.0.0.1:8083',
        },
      ],
    );
  });

  test('pretty lines are one readable line with key=value pairs', () => {
    const out = capture();
    const logger = createLocalLogger({ format: LogFormat.PRETTY, stream: out.stream, now: fixedNow });
    logger.warn('slow start', { ms: 1200, name: 'with space' });
    assert.deepEqual(out.lines(), ['05:06:07.089 WARN  [local] slow start ms=1200 name="with space"']);
  });

  test('drops lines below the level and keeps child fields', () => {
    const out = capture();
    const logger = createLocalLogger({
      format: LogFormat.JSON,
      stream: out.stream,
      level: LogLevel.WARN,
      now: fixedNow,
    });
    const child = logger.child('invoke', { port: 9001 });
    child.info('hidden');
    child.error('failed', { error: new Error('boom', { cause: new Error('root') }) });
    const lines = out.lines().map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.equal(lines.length, 1);
    const [line] = lines;
    assert.equal(line?.['component'], 'invoke');
    assert.equal(line?.['port'], 9001);
    const error = line?.['error'] as Record<string, unknown>;
    assert.equal(error['message'], 'boom');
    assert.equal((error['cause'] as Record<string, unknown>)['message'], 'root');
  });

  test('never throws on cyclic or bigint fields', () => {
    const out = capture();
    const logger = createLocalLogger({ format: LogFormat.JSON, stream: out.stream, now: fixedNow });
    const cyclic: Record<string, unknown> = { n: 10n };
    cyclic['self'] = cyclic;
    logger.info('odd', { cyclic });
    const [line] = out.lines().map((text) => JSON.parse(text) as { cyclic: unknown });
    assert.deepEqual(line?.cyclic, { n: '10', self: '[Circular]' });
  });
});
