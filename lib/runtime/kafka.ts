/** Builds the Kafka port from the runtime's Kafka settings (the kafkajs adapter). */
import type { KafkaPort } from '../kafka/kafka-port.js';
import { KafkajsKafka } from '../kafka/kafkajs/kafkajs-kafka.js';
import type { KafkaSettings } from './runtime-config.js';

export function createKafka(settings: KafkaSettings, clientId = 'lambda-connect'): KafkaPort {
  return new KafkajsKafka({ brokers: settings.bootstrapServers, clientId, ...(settings.ssl ? { ssl: true } : {}) });
}
