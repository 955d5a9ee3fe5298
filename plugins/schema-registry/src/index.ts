/**
 * `@lambda-connect/schema-registry`: Schema Registry converters with Confluent's class names and config
 * keys (Avro, Protobuf, JSON Schema; the Confluent wire format and subject name strategies) and the AWS
 * Glue Schema Registry Avro converter. See the README for the configuration and every difference.
 */
import { definePlugin, type ConverterClass, type HeaderConverterClass } from 'lambda-connect/api';
import { AvroConverter } from './avro/avro-converter.js';
import { AWSKafkaAvroConverter } from './glue/aws-kafka-avro-converter.js';
import { JsonSchemaConverter } from './json-schema/json-schema-converter.js';
import { ProtobufConverter } from './protobuf/protobuf-converter.js';
import { SCHEMA_REGISTRY_PLUGIN_VERSION } from './version.js';

// Avro (Confluent) and AWS Glue: usable as key, value and header converters.
const avroAndGlue: readonly (ConverterClass & HeaderConverterClass)[] = [AvroConverter, AWSKafkaAvroConverter];

// Protobuf and JSON Schema (Confluent): usable as key, value and header converters.
const protobufAndJsonSchema: readonly (ConverterClass & HeaderConverterClass)[] = [
  ProtobufConverter,
  JsonSchemaConverter,
];

export default definePlugin({
  name: '@lambda-connect/schema-registry',
  version: SCHEMA_REGISTRY_PLUGIN_VERSION,
  converters: [...avroAndGlue, ...protobufAndJsonSchema],
  headerConverters: [...avroAndGlue, ...protobufAndJsonSchema],
});

export { AvroConverter } from './avro/avro-converter.js';
export { AvroData, type AvroSchema } from './avro/avro-data.js';
export {
  AvroDataConfigKeys,
  DEFAULT_AVRO_DATA_SETTINGS,
  type AvroDataSettings,
} from './avro/avro-data-config.js';
export { AWSKafkaAvroConverter } from './glue/aws-kafka-avro-converter.js';
export {
  SchemaRegistryClient,
  type RegistrySchema,
  type SchemaReference,
  type SchemaType,
  type SubjectVersion,
} from './client/registry-client.js';
export { RegistryErrorCode, RegistryRequestError, RegistryUnavailableError } from './client/registry-errors.js';
export { RegistryHttp, type RegistryHttpOptions } from './client/registry-http.js';
export {
  registryRequestCount,
  resetSharedRegistries,
  sharedRegistry,
  type SharedRegistry,
} from './client/shared-registry.js';
export { SyncLookup } from './client/sync-lookup.js';
export {
  RegistryConfigKeys,
  CredentialsSource,
  parseRegistrySettings,
  registryConfigDef,
  type RegistrySettings,
} from './shared/registry-config.js';
export { RegistrySerde, type CanRead, type WriterSchema } from './shared/registry-serde.js';
export {
  SubjectNameStrategyClasses,
  subjectNameStrategy,
  type SubjectNameStrategy,
} from './shared/subject-name-strategy.js';
export { frame, unframe, HEADER_SIZE, MAGIC_BYTE } from './shared/wire-format.js';
export { JsonSchemaConverter } from './json-schema/json-schema-converter.js';
export { JsonSchemaData } from './json-schema/json-schema-data.js';
export { ProtobufConverter } from './protobuf/protobuf-converter.js';
export { ProtobufData } from './protobuf/protobuf-data.js';
