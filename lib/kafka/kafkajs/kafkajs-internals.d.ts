/**
 * Types for the kafkajs 2.2.4 internals this adapter uses (kafkajs ships types only for its public
 * API). kafkajs is frozen, so these shapes do not move; only what we touch is declared.
 */

declare module 'kafkajs/src/cluster/index.js' {
  import type { KjsCluster, KjsClusterOptions } from 'kafkajs/internal-types';
  const Cluster: new (options: KjsClusterOptions) => KjsCluster;
  export default Cluster;
}

declare module 'kafkajs/src/protocol/requests/index.js' {
  import type { KjsRequestDefinition } from 'kafkajs/internal-types';
  const protocol: { requests: Record<string, KjsRequestDefinition> };
  export default protocol;
}

declare module 'kafkajs/src/protocol/error.js' {
  const errors: {
    createErrorFromCode(code: number): Error & { type: string; code: number; retriable: boolean };
  };
  export default errors;
}

/** kafkajs's own CRC-32C: the tests check our batches against it as an independent implementation. */
declare module 'kafkajs/src/protocol/recordBatch/crc32C/index.js' {
  const crc32C: (buffer: Buffer) => number;
  export default crc32C;
}

declare module 'kafkajs/src/protocol/encoder.js' {
  import type { KjsEncoder } from 'kafkajs/internal-types';
  const Encoder: new () => KjsEncoder;
  export default Encoder;
}

declare module 'kafkajs/src/loggers/index.js' {
  import type { logCreator, Logger } from 'kafkajs';
  const loggers: { createLogger(options: { level: number; logCreator: logCreator }): Logger };
  export default loggers;
}

declare module 'kafkajs/src/network/socketFactory.js' {
  import type { ISocketFactory } from 'kafkajs';
  const defaultSocketFactory: () => ISocketFactory;
  export default defaultSocketFactory;
}

declare module 'kafkajs/src/producer/partitioners/default/murmur2.js' {
  const murmur2: (key: Buffer) => number;
  export default murmur2;
}

/** Shapes shared by the declarations above (a type-only module; nothing imports it at run time). */
declare module 'kafkajs/internal-types' {
  import type { Logger, ISocketFactory, KafkaConfig, RetryOptions } from 'kafkajs';

  export interface KjsEncoder {
    writeBuffer(buffer: Buffer): KjsEncoder;
  }

  export interface KjsProtocolRequest {
    request: {
      apiKey: number;
      apiVersion: number;
      apiName: string;
      encode(): Promise<KjsEncoder>;
      expectResponse?: () => boolean;
    };
    response: { decode(payload: Buffer): Promise<unknown>; parse(data: unknown): Promise<unknown> };
    requestTimeout?: number | null;
    logResponseError?: boolean;
  }

  export interface KjsRequestDefinition {
    versions: string[];
    protocol(options: { version: number }): (args: object) => KjsProtocolRequest;
  }

  export interface KjsBroker {
    nodeId: number | string | null;
    versions: Record<number, { minVersion: number; maxVersion: number }> | null;
    connectionPool: { host: string; port: number; send(request: KjsProtocolRequest): Promise<unknown> };
    lookupRequest(apiKey: number, definition: KjsRequestDefinition): (args: object) => KjsProtocolRequest;
    isConnected(): boolean;
    connect(): Promise<void>;
    disconnect(): Promise<void>;
    initProducerId(args: { transactionalId?: string; transactionTimeout?: number }): Promise<{
      producerId: string;
      producerEpoch: number;
    }>;
  }

  export interface KjsBrokerPool {
    brokers: Record<string, KjsBroker>;
    seedBroker: KjsBroker | undefined;
    versions: KjsBroker['versions'];
    rootLogger: Logger;
    connectionPoolBuilder: {
      build(target: { host: string; port: number; rack?: string | null }): Promise<KjsBroker['connectionPool']>;
    };
    createBroker(options: {
      connectionPool: KjsBroker['connectionPool'];
      logger: Logger;
      versions?: KjsBroker['versions'];
      nodeId?: number | string;
    }): KjsBroker;
    findConnectedBroker(): Promise<KjsBroker>;
    findBroker(args: { nodeId: string | number }): Promise<KjsBroker>;
  }

  export interface KjsCluster {
    brokerPool: KjsBrokerPool;
    connect(): Promise<void>;
    disconnect(): Promise<void>;
    isConnected(): boolean;
    findGroupCoordinatorMetadata(args: { groupId: string; coordinatorType?: number }): Promise<{
      coordinator: { nodeId: number; host: string; port: number };
    }>;
  }

  export interface KjsClusterOptions {
    logger: Logger;
    socketFactory: ISocketFactory;
    brokers: KafkaConfig['brokers'];
    ssl?: KafkaConfig['ssl'];
    sasl?: KafkaConfig['sasl'];
    clientId?: string;
    connectionTimeout?: number;
    authenticationTimeout?: number;
    reauthenticationThreshold?: number;
    requestTimeout?: number;
    enforceRequestTimeout?: boolean;
    metadataMaxAge?: number;
    retry?: RetryOptions;
    allowAutoTopicCreation?: boolean;
    maxInFlightRequests?: number | null;
    isolationLevel?: number;
  }
}
