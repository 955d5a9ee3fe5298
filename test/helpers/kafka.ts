/**
 * Real Kafka for integration and contract tests. `useKafka()` uses the broker named by
 * `KAFKA_BOOTSTRAP_SERVERS` when set, otherwise starts one broker for the calling test file (temp
 * data dir) and stops it when the file's tests are done, also when they fail.
 */
import { after, before } from 'node:test';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import { KafkajsKafka } from '../../lib/kafka/kafkajs/kafkajs-kafka.js';
import { startKafkaBroker, type KafkaBroker } from '../../local/kafka/broker.js';
import { uniqueName, type TestStack } from './stack.js';
import { waitFor } from './wait.js';

export interface KafkaForTests {
  /** `host:port[,host:port]`; available once the file's `before` hooks have run. */
  readonly bootstrapServers: string;
  /** A kafkajs adapter on this Kafka, closed when the file's tests are done. */
  client(clientId?: string): KafkajsKafka;
}

/** Call at the top level of a test file (or of a `describe`). */
export function useKafka(): KafkaForTests {
  let broker: KafkaBroker | undefined;
  let servers = process.env.KAFKA_BOOTSTRAP_SERVERS;
  const clients: KafkajsKafka[] = [];

  before(async () => {
    if (servers !== undefined && servers !== '') return;
    broker = await startKafkaBroker();
    servers = broker.bootstrapServers;
  });
  after(async () => {
    await Promise.allSettled(clients.map((c) => c.close()));
    await broker?.stop();
  });

  const bootstrapServers = (): string => {
    if (servers === undefined || servers === '')
      throw new Error('useKafka(): the broker is not started yet (use it inside tests or hooks)');
    return servers;
  };
  return {
    get bootstrapServers() {
      return bootstrapServers();
    },
    client(clientId = 'lambda-connect-test') {
      const client = new KafkajsKafka({ brokers: bootstrapServers().split(','), clientId });
      clients.push(client);
      return client;
    },
  };
}

let counter = 0;

/** A topic (or group) name no other test, file or run uses. */
export function uniqueTopic(prefix = 'test'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}

/** Reads `topic` from the beginning until `count` values arrived (as UTF-8 strings); waits for the topic to exist. */
export async function consumeAll(brokers: string, topic: string, count: number): Promise<string[]> {
  const kafka = new Kafka({ brokers: brokers.split(','), logLevel: logLevel.NOTHING, connectionTimeout: 10_000 });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await waitFor(async () => (await admin.listTopics()).includes(topic), {
      timeoutMs: 10_000,
      message: `topic ${topic} exists`,
    });
  } finally {
    await admin.disconnect();
  }
  const consumer = kafka.consumer({ groupId: uniqueName('walkthrough-reader') });
  const values: string[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void values.push(message.value?.toString('utf8') ?? '') });
    await waitFor(() => values.length >= count, { timeoutMs: 30_000, message: `${count} records consumed` });
  } finally {
    await consumer.disconnect();
  }
  return values;
}

export interface KafkaClients {
  /** The kafkajs client, for consumers of a test's own. */
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly producer: Producer;
}

/**
 * A kafkajs admin and producer on a test stack's Kafka, connected before the suite's tests and disconnected
 * after them, also when they fail. Call at suite level after `useTestStack()` (its hooks run first); read
 * the clients inside tests or hooks.
 */
export function useKafkaClients(stack: { readonly current: TestStack }): KafkaClients {
  let current: KafkaClients | undefined;
  before(async () => {
    const kafka = new Kafka({
      brokers: stack.current.stack.kafkaBootstrapServers.split(','),
      logLevel: logLevel.NOTHING,
      connectionTimeout: 10_000,
    });
    const clients = { kafka, admin: kafka.admin(), producer: kafka.producer() };
    current = clients;
    await Promise.all([clients.admin.connect(), clients.producer.connect()]);
  });
  after(async () => {
    await Promise.all([current?.admin.disconnect(), current?.producer.disconnect()]);
  });
  const connected = (): KafkaClients => {
    if (current === undefined) throw new Error('the Kafka clients are not connected yet (use them in tests or hooks)');
    return current;
  };
  return {
    get kafka() {
      return connected().kafka;
    },
    get admin() {
      return connected().admin;
    },
    get producer() {
      return connected().producer;
    },
  };
}
