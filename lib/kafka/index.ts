/** The Kafka port and its adapters. */
export type {
  FetchedRecord,
  FetchOptions,
  FetchPosition,
  FetchResult,
  GroupOffset,
  KafkaHeader,
  KafkaPort,
  NewTopic,
  PartitionFetchState,
  ProduceRecord,
} from './kafka-port.js';
export { KafkaError, KafkaErrorType } from './errors.js';
export { KafkajsKafka } from './kafkajs/kafkajs-kafka.js';
export { kafkaConfigFrom, KafkaLogLevel, type KafkajsKafkaConfig } from './kafkajs/config.js';
export { MemoryKafka, type MemoryKafkaOptions } from './memory/memory-kafka.js';
