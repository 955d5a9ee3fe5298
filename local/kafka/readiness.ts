/**
 * Waits, without fixed sleeps, until a freshly started broker serves metadata requests: first until
 * its port accepts connections, then until a metadata request answers with the expected cluster id.
 */
import { connect } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { KafkajsKafka } from '../../lib/kafka/kafkajs/kafkajs-kafka.js';
import type { JvmProcess } from './jvm-process.js';

const POLL_MS = 100;

export interface BrokerReadinessInput {
  readonly bootstrapServers: string;
  readonly expectedClusterId: string;
  readonly jvm: JvmProcess;
  readonly what: string;
  readonly timeoutMs: number;
}

export async function waitUntilServing(input: BrokerReadinessInput): Promise<void> {
  const deadline = Date.now() + input.timeoutMs;
  const [host = '127.0.0.1', port = '0'] = input.bootstrapServers.split(':');
  let lastError: unknown;
  while (Date.now() < deadline) {
    failIfExited(input);
    if (await portOpen(host, Number(port))) {
      try {
        if ((await askClusterId(input.bootstrapServers)) === input.expectedClusterId) return;
        lastError = new Error('the broker reported another cluster id');
      } catch (error) {
        lastError = error;
      }
    }
    await delay(POLL_MS);
  }
  failIfExited(input);
  throw new Error(
    `${input.what} (pid ${input.jvm.pid}) at ${input.bootstrapServers} not ready after ${input.timeoutMs} ms. Log tail:\n${input.jvm.tail()}`,
    {
      cause: lastError,
    },
  );
}

function failIfExited(input: BrokerReadinessInput): void {
  if (input.jvm.hasExited()) {
    throw new Error(`${input.what} (pid ${input.jvm.pid}) exited during startup. Log tail:\n${input.jvm.tail()}`);
  }
}

function portOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function askClusterId(bootstrapServers: string): Promise<string> {
  const kafka = new KafkajsKafka({
    brokers: [bootstrapServers],
    clientId: 'lambda-connect-readiness',
    logLevel: 'nothing',
    requestTimeoutMs: 5000,
    retry: { retries: 0 },
  });
  try {
    return await kafka.clusterId();
  } finally {
    await kafka.close();
  }
}
