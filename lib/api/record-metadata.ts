/** Where Kafka stored a produced record. Mirrors Kafka's `RecordMetadata`. */
export interface RecordMetadata {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number | null;
}
