/**
 * `GET /health` on a worker that has no long-lived threads to ask: the REST function checks what the
 * tasks need, the state store (a single-key read) and Kafka (a metadata request, which every slice makes
 * too), each bounded in time. A failure names the dependency, never the raw error (it may carry hosts).
 */
import type { KafkaPort } from '../kafka/kafka-port.js';
import type { Stores } from '../stores/ports.js';

/** Longer than a healthy round trip by far, shorter than API Gateway's 29 s integration timeout. */
export const HEALTH_CHECK_TIMEOUT_MS = 5_000;

/** A dependency the tasks need is unreachable; `message` is safe to show. */
export class HealthCheckError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HealthCheckError';
  }
}

export function healthCheck(
  stores: Stores,
  kafka: KafkaPort,
  timeoutMs = HEALTH_CHECK_TIMEOUT_MS,
): () => Promise<void> {
  return async () => {
    await bounded(
      stores.configs.getConnector('__health__'),
      timeoutMs,
      'The state store (DynamoDB) cannot be reached; tasks cannot commit offsets or report status.',
    );
    await bounded(
      kafka.clusterId(),
      timeoutMs,
      'Tasks cannot reach Kafka; they stay RUNNING and resume once it is back.',
    );
  };
}

async function bounded<T>(work: Promise<T>, timeoutMs: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } catch (error) {
    throw new HealthCheckError(message, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}
