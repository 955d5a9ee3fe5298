/**
 * Lambda entry point of the doorbell (`latency.mode=doorbell`, decision 0023): invoked by the Kafka event
 * source mappings the scheduler keeps on each doorbell sink's topics. The records are ignored (the sink's
 * slices read from the offsets in DynamoDB); the topics they came from name the connectors to wake, and
 * each one's idle tasks are started as the scheduler starts them (a task with a live slice keeps it).
 * Cheap on purpose: one listing of the connectors, three reads per woken connector, an async invoke per
 * idle task; no connector is started and Kafka is not asked anything.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { errorTrace } from '../../lib/common/error-trace.js';
import { createRuntimeFromEnv, type Runtime } from '../../lib/runtime/compose.js';
import { createLogger } from '../../lib/runtime/logger.js';
import { ringsFor, topicsOfKafkaEvent } from '../../lib/scheduler/doorbell.js';
import type { TickReport } from '../../lib/scheduler/scheduler.js';

export interface DoorbellReport extends TickReport {
  /** The topics the event carried records of. */
  readonly topics: readonly string[];
}

export type DoorbellHandler = (event: unknown) => Promise<DoorbellReport>;

export function createDoorbellHandler(runtime: Pick<Runtime, 'scheduler' | 'log'>): DoorbellHandler {
  const scheduler = runtime.scheduler();
  return async (event) => {
    const topics = topicsOfKafkaEvent(event);
    if (topics.size === 0) return { topics: [], connectors: 0, invoked: 0, failures: 0 };
    // A failure (DynamoDB unreachable) is returned, not thrown: a thrown error would make the mapping
    // retry the batch and hold its partition back; the next tick starts the tasks anyway.
    try {
      const report = await scheduler.wake((record) => ringsFor(record, topics));
      return { topics: [...topics], ...report };
    } catch (error) {
      runtime.log.warn('doorbell could not list the connectors; the next tick starts their tasks', {
        topics: [...topics],
        error: errorTrace(error),
      });
      return { topics: [...topics], connectors: 0, invoked: 0, failures: 1 };
    }
  };
}

const { logger, log } = createLogger('doorbell');
let ring: DoorbellHandler | undefined;

export const handler = middy<unknown, DoorbellReport>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => {
    ring ??= createDoorbellHandler(await createRuntimeFromEnv(log));
    return ring(event);
  });
