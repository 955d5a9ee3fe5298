/** Where in a record's journey an error happened: Connect's `org.apache.kafka.connect.runtime.errors.Stage`. */
export type Stage =
  | 'TRANSFORMATION'
  | 'KEY_CONVERTER'
  | 'VALUE_CONVERTER'
  | 'HEADER_CONVERTER'
  | 'TASK_PUT'
  | 'TASK_POLL'
  | 'KAFKA_PRODUCE'
  | 'KAFKA_CONSUME';
