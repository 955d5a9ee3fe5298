/**
 * Builds the Kafka port from the runtime's Kafka settings: the kafkajs adapter, with TLS, SASL/SCRAM
 * (credentials read once from Secrets Manager) or MSK IAM (tokens signed by the AWS signer library).
 * Secret lookups are asynchronous, so the adapter is created on first use.
 */
import type { KafkaConfig } from 'kafkajs';
import type { RecordMetadata } from '../api/record-metadata.js';
import type { TopicPartition } from '../api/topic-partition.js';
import { createSdkSecretsManagerPort, type SdkClientOptions } from '../config-providers/secrets-manager-sdk.js';
import type {
  FetchOptions,
  FetchPosition,
  FetchResult,
  GroupOffset,
  KafkaPort,
  NewTopic,
  ProduceRecord,
} from '../kafka/kafka-port.js';
import { KafkajsKafka } from '../kafka/kafkajs/kafkajs-kafka.js';
import type { KafkaSettings } from './runtime-config.js';

type RequestHandler = SdkClientOptions['requestHandler'];

export function createKafka(
  settings: KafkaSettings,
  region: string,
  clientId = 'lambda-connect',
  requestHandler?: RequestHandler,
): KafkaPort {
  const mechanism = settings.saslMechanism?.toLowerCase();
  if (mechanism === undefined)
    return new KafkajsKafka({ brokers: settings.bootstrapServers, clientId, ...(settings.ssl ? { ssl: true } : {}) });
  return new LazyKafka(
    async () =>
      new KafkajsKafka({
        brokers: settings.bootstrapServers,
        clientId,
        ssl: settings.ssl,
        sasl: await saslConfig(mechanism, settings, region, requestHandler),
      }),
  );
}

async function saslConfig(
  mechanism: string,
  settings: KafkaSettings,
  region: string,
  requestHandler: RequestHandler,
): Promise<NonNullable<KafkaConfig['sasl']>> {
  if (mechanism === 'aws' || mechanism === 'aws_msk_iam' || mechanism === 'oauthbearer') {
    const { generateAuthToken } = await import('aws-msk-iam-sasl-signer-js');
    return {
      mechanism: 'oauthbearer',
      oauthBearerProvider: async () => ({ value: (await generateAuthToken({ region })).token }),
    };
  }
  if (mechanism !== 'scram-sha-256' && mechanism !== 'scram-sha-512' && mechanism !== 'plain') {
    throw new Error(`Unsupported Kafka SASL mechanism '${mechanism}': use scram-sha-256, scram-sha-512, plain or aws`);
  }
  if (settings.saslSecretArn === undefined)
    throw new Error(`SASL mechanism ${mechanism} needs the ARN of a {"username","password"} secret`);
  const secret = await createSdkSecretsManagerPort({
    region,
    ...(requestHandler === undefined ? {} : { requestHandler }),
  }).getSecretString(settings.saslSecretArn);
  const { username, password } = JSON.parse(secret) as { username?: string; password?: string };
  if (!username || !password)
    throw new Error(`Secret ${settings.saslSecretArn} must be JSON with "username" and "password"`);
  return { mechanism, username, password } as NonNullable<KafkaConfig['sasl']>;
}

/** Creates the real port on first use (after an async credential lookup) and delegates to it. */
class LazyKafka implements KafkaPort {
  private port: Promise<KafkaPort> | undefined;

  constructor(private readonly create: () => Promise<KafkaPort>) {}

  private get ready(): Promise<KafkaPort> {
    this.port ??= this.create().catch((error: unknown) => {
      this.port = undefined;
      throw error;
    });
    return this.port;
  }

  async clusterId(): Promise<string> {
    return (await this.ready).clusterId();
  }
  async send(records: readonly ProduceRecord[]): Promise<RecordMetadata[]> {
    return (await this.ready).send(records);
  }
  async fetch(positions: readonly FetchPosition[], options: FetchOptions): Promise<FetchResult> {
    return (await this.ready).fetch(positions, options);
  }
  async listTopics(): Promise<string[]> {
    return (await this.ready).listTopics();
  }
  async partitionCounts(topics: readonly string[]): Promise<Map<string, number>> {
    return (await this.ready).partitionCounts(topics);
  }
  async createTopics(topics: readonly NewTopic[]): Promise<void> {
    return (await this.ready).createTopics(topics);
  }
  async listOffsets(partitions: readonly TopicPartition[], which: 'earliest' | 'latest'): Promise<Map<string, number>> {
    return (await this.ready).listOffsets(partitions, which);
  }
  async commitGroupOffsets(groupId: string, offsets: readonly GroupOffset[]): Promise<void> {
    return (await this.ready).commitGroupOffsets(groupId, offsets);
  }
  async fetchGroupOffsets(groupId: string): Promise<GroupOffset[]> {
    return (await this.ready).fetchGroupOffsets(groupId);
  }
  async deleteGroup(groupId: string): Promise<void> {
    return (await this.ready).deleteGroup(groupId);
  }
  async close(): Promise<void> {
    if (this.port !== undefined) await (await this.port).close();
  }
}
