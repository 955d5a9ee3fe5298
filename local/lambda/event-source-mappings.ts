/**
 * Lambda's Kafka event source mappings, locally (decision 0023): the Invoke endpoint also answers
 * CreateEventSourceMapping, DeleteEventSourceMapping, GetEventSourceMapping and ListEventSourceMappings
 * (restJson1, as `@aws-sdk/client-lambda` sends them), and runs a kafkajs consumer per mapping in the
 * mapping's consumer group, which invokes the function with a Kafka event shaped as Lambda's (records
 * grouped by `topic-partition`, keys and values base64), so the scheduler's code path is the deployed one.
 *
 * Served: self-managed Kafka mappings (`SelfManagedEventSource` with bootstrap servers; SASL and VPC
 * access configurations are accepted and not used: the local broker is plaintext), one topic each,
 * `StartingPosition` LATEST or TRIM_HORIZON, `BatchSize`, `MaximumBatchingWindowInSeconds` (absent:
 * Kafka's 500 ms default; an explicit 0: none, as Lambda documents), `Enabled: false` (no poller). Not served: MSK (`EventSourceArn`), other event sources, UpdateEventSourceMapping,
 * filters, provisioned pollers. The window is applied per fetched batch: records arriving during it go
 * to the next invocation. A function error is logged and the batch committed (the doorbell never fails).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel, type Consumer, type KafkaMessage } from 'kafkajs';
import type { LocalLogger } from '../logging.js';
import type { FunctionRegistry } from './function-registry.js';
import { functionArn } from './lambda-context.js';
import { invalidParameterValue, type ServiceErrorResponse } from './invoke-errors.js';

/** Where the mappings API lives under the Invoke endpoint. */
export const MAPPINGS_PATH = /^\/2015-03-31\/event-source-mappings\/?([^/]*)$/;

/** Lambda's batching window for Kafka sources when `MaximumBatchingWindowInSeconds` is not given (an explicit 0 is none). */
export const DEFAULT_KAFKA_BATCHING_WINDOW_MS = 500;

interface Mapping {
  readonly uuid: string;
  readonly functionName: string;
  readonly topic: string;
  readonly groupId: string;
  readonly bootstrapServers: readonly string[];
  readonly startingPosition: string;
  readonly batchSize: number;
  /** The window in ms: the given seconds, or Kafka's 500 ms default when none was given. */
  readonly batchingWindowMs: number;
  readonly batchingWindowSeconds: number | undefined;
  readonly accessConfigurations: readonly unknown[];
  state: 'Creating' | 'Enabled' | 'Disabled' | 'Deleting';
  lastModified: number;
  lastProcessingResult: string;
  consumer: Consumer | null;
}

export interface MappingsStats {
  /** Mappings that exist (not being deleted). */
  readonly mappings: number;
  /** Invocations the pollers made. */
  readonly invocations: number;
}

type Json = Record<string, unknown>;

/** The mappings of one local Lambda endpoint and their pollers. */
export class EventSourceMappings {
  readonly #mappings = new Map<string, Mapping>();
  readonly #registry: FunctionRegistry;
  readonly #logger: LocalLogger;
  #invocations = 0;
  #closed = false;

  constructor(registry: FunctionRegistry, logger: LocalLogger) {
    this.#registry = registry;
    this.#logger = logger;
  }

  /** The ARN of the function a mapping invokes (the local IAM check's `lambda:FunctionArn`). */
  functionArnOf(uuid: string): string | undefined {
    const mapping = this.#mappings.get(uuid);
    return mapping === undefined ? undefined : functionArn(mapping.functionName);
  }

  stats(): MappingsStats {
    return {
      mappings: [...this.#mappings.values()].filter((m) => m.state !== 'Deleting').length,
      invocations: this.#invocations,
    };
  }

  /** Answers a request under {@link MAPPINGS_PATH}. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL, body: Buffer): Promise<void> {
    const uuid = decodeURIComponent(MAPPINGS_PATH.exec(url.pathname)?.[1] ?? '');
    const method = req.method ?? 'GET';
    if (uuid === '' && method === 'POST') {
      const error = this.#create(res, body);
      if (error !== undefined) writeError(res, error);
      return;
    }
    if (uuid === '' && method === 'GET') return this.#list(res, url);
    const mapping = this.#mappings.get(uuid);
    if (uuid !== '' && mapping === undefined)
      return writeError(res, {
        statusCode: 404,
        errorType: 'ResourceNotFoundException',
        body: { Type: 'User', Message: `The resource you requested does not exist. (Service: Lambda, UUID: ${uuid})` },
      });
    if (mapping !== undefined && method === 'GET') return writeJson(res, 200, describe(mapping));
    if (mapping !== undefined && method === 'DELETE') {
      mapping.state = 'Deleting';
      mapping.lastModified = Date.now();
      writeJson(res, 202, describe(mapping));
      void this.#stop(mapping).finally(() => this.#mappings.delete(uuid));
      return;
    }
    writeError(res, invalidParameterValue(`The local endpoint does not serve ${method} ${url.pathname}`));
  }

  /** Stops every poller (the stack stopping); no mapping is created afterwards. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#mappings.values()].map((m) => this.#stop(m)));
    this.#mappings.clear();
  }

  /** Creates the mapping and answers 202, or returns the error to answer with. */
  #create(res: ServerResponse, body: Buffer): ServiceErrorResponse | undefined {
    let input: Json;
    try {
      input = JSON.parse(body.toString('utf8') || '{}') as Json;
    } catch {
      return invalidParameterValue('The request body is not JSON');
    }
    const functionName = parseName(String(input['FunctionName'] ?? ''));
    if (!this.#registry.has(functionName))
      return {
        statusCode: 404,
        errorType: 'ResourceNotFoundException',
        body: { Type: 'User', Message: `Function not found: ${functionArn(functionName)}` },
      };
    if (input['EventSourceArn'] !== undefined)
      return invalidParameterValue('The local stack serves self-managed Kafka mappings only');
    const endpoints = ((input['SelfManagedEventSource'] as Json | undefined)?.['Endpoints'] as Json | undefined)?.[
      'KAFKA_BOOTSTRAP_SERVERS'
    ];
    const topics = input['Topics'];
    if (!Array.isArray(endpoints) || endpoints.length === 0)
      return invalidParameterValue('SelfManagedEventSource.Endpoints.KAFKA_BOOTSTRAP_SERVERS is required');
    if (!Array.isArray(topics) || topics.length !== 1 || typeof topics[0] !== 'string')
      return invalidParameterValue('Topics must name exactly one topic');
    const groupId =
      ((input['SelfManagedKafkaEventSourceConfig'] as Json | undefined)?.['ConsumerGroupId'] as string | undefined) ??
      randomUUID();
    const bootstrapServers = endpoints.map(String);
    const duplicate = [...this.#mappings.values()].find(
      (m) =>
        m.state !== 'Deleting' &&
        m.functionName === functionName &&
        m.topic === topics[0] &&
        m.groupId === groupId &&
        m.bootstrapServers.join(',') === bootstrapServers.join(','),
    );
    if (duplicate !== undefined)
      return {
        statusCode: 409,
        errorType: 'ResourceConflictException',
        body: {
          Type: 'User',
          message: `An event source mapping with the same function, topic, consumer group and endpoints already exists. Please update or delete the existing mapping with UUID ${duplicate.uuid}`,
        },
      };
    if (this.#closed) return invalidParameterValue('The local endpoint is stopping');
    const mapping: Mapping = {
      uuid: randomUUID(),
      functionName,
      topic: topics[0],
      groupId,
      bootstrapServers,
      startingPosition: String(input['StartingPosition'] ?? 'LATEST'),
      batchSize: Number(input['BatchSize'] ?? 100),
      batchingWindowSeconds:
        input['MaximumBatchingWindowInSeconds'] === undefined
          ? undefined
          : Number(input['MaximumBatchingWindowInSeconds']),
      batchingWindowMs:
        input['MaximumBatchingWindowInSeconds'] === undefined
          ? DEFAULT_KAFKA_BATCHING_WINDOW_MS
          : Number(input['MaximumBatchingWindowInSeconds']) * 1000,
      accessConfigurations: Array.isArray(input['SourceAccessConfigurations'])
        ? input['SourceAccessConfigurations']
        : [],
      state: input['Enabled'] === false ? 'Disabled' : 'Creating',
      lastModified: Date.now(),
      lastProcessingResult: 'No records processed',
      consumer: null,
    };
    this.#mappings.set(mapping.uuid, mapping);
    writeJson(res, 202, describe(mapping));
    if (mapping.state === 'Disabled') return undefined;
    void this.#start(mapping).catch((error: unknown) => {
      this.#logger.warn('event source mapping poller failed to start', { uuid: mapping.uuid, error });
    });
    return undefined;
  }

  #list(res: ServerResponse, url: URL): void {
    const name = url.searchParams.get('FunctionName');
    const wanted = name === null ? null : parseName(name);
    const all = [...this.#mappings.values()].filter((m) => wanted === null || m.functionName === wanted);
    const start = Number(url.searchParams.get('Marker') ?? 0) || 0;
    const max = Math.min(10_000, Number(url.searchParams.get('MaxItems') ?? 100) || 100);
    const page = all.slice(start, start + max);
    writeJson(res, 200, {
      EventSourceMappings: page.map(describe),
      ...(start + max < all.length ? { NextMarker: String(start + max) } : {}),
    });
  }

  async #start(mapping: Mapping): Promise<void> {
    const kafka = new Kafka({
      clientId: `lambda-esm-${mapping.uuid}`,
      brokers: [...mapping.bootstrapServers],
      logLevel: logLevel.NOTHING,
    });
    const consumer = kafka.consumer({ groupId: mapping.groupId, maxWaitTimeInMs: 500 });
    mapping.consumer = consumer;
    // Enabled once the group is joined and a first fetch came back: from then on the starting offsets are
    // resolved, so a record produced now is seen (LATEST means "after the poller started", as on AWS).
    let joined = false;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      joined = true;
    });
    consumer.on(consumer.events.FETCH, () => {
      if (joined && mapping.state === 'Creating') mapping.state = 'Enabled';
    });
    await consumer.connect();
    await consumer.subscribe({ topic: mapping.topic, fromBeginning: mapping.startingPosition === 'TRIM_HORIZON' });
    await consumer.run({
      eachBatchAutoResolve: true,
      eachBatch: async ({ batch, isRunning, isStale }) => {
        if (batch.messages.length === 0) return;
        if (mapping.batchingWindowMs > 0) await sleep(mapping.batchingWindowMs);
        if (!isRunning() || isStale() || mapping.state === 'Deleting') return;
        for (let i = 0; i < batch.messages.length; i += mapping.batchSize) {
          const messages = batch.messages.slice(i, i + mapping.batchSize);
          await this.#invoke(mapping, batch.topic, batch.partition, messages);
        }
      },
    });
  }

  async #invoke(mapping: Mapping, topic: string, partition: number, messages: KafkaMessage[]): Promise<void> {
    const event = {
      eventSource: 'SelfManagedKafka',
      bootstrapServers: mapping.bootstrapServers.join(','),
      records: {
        [`${topic}-${partition}`]: messages.map((m) => ({
          topic,
          partition,
          offset: Number(m.offset),
          timestamp: Number(m.timestamp),
          timestampType: 'CREATE_TIME',
          ...(m.key === null ? {} : { key: m.key.toString('base64') }),
          ...(m.value === null ? {} : { value: m.value.toString('base64') }),
          headers: Object.entries(m.headers ?? {}).map(([k, v]) => ({
            [k]: [...(Buffer.isBuffer(v) ? v : Buffer.from(String(v ?? '')))],
          })),
        })),
      },
    };
    this.#invocations++;
    const outcome = await this.#registry.runSync(mapping.functionName, event, randomUUID());
    mapping.lastProcessingResult = outcome.kind === 'success' ? 'OK' : 'PROBLEM: Function call failed';
    if (outcome.kind === 'function-error')
      this.#logger.warn('event source mapping invocation failed', { uuid: mapping.uuid, ...outcome.error });
  }

  async #stop(mapping: Mapping): Promise<void> {
    const consumer = mapping.consumer;
    mapping.consumer = null;
    await consumer?.disconnect().catch(() => undefined);
  }
}

/** EventSourceMappingConfiguration as Lambda returns it (restJson1: LastModified in epoch seconds). */
function describe(mapping: Mapping): Json {
  return {
    UUID: mapping.uuid,
    FunctionArn: functionArn(mapping.functionName),
    Topics: [mapping.topic],
    SelfManagedEventSource: { Endpoints: { KAFKA_BOOTSTRAP_SERVERS: [...mapping.bootstrapServers] } },
    SelfManagedKafkaEventSourceConfig: { ConsumerGroupId: mapping.groupId },
    SourceAccessConfigurations: mapping.accessConfigurations,
    StartingPosition: mapping.startingPosition,
    BatchSize: mapping.batchSize,
    MaximumBatchingWindowInSeconds: mapping.batchingWindowSeconds ?? 0,
    State: mapping.state,
    StateTransitionReason: 'USER_INITIATED',
    LastModified: mapping.lastModified / 1000,
    LastProcessingResult: mapping.lastProcessingResult,
  };
}

/** A function name, or the name inside an ARN (`arn:aws:lambda:…:function:name`). */
function parseName(raw: string): string {
  const parts = raw.split(':');
  const at = parts.indexOf('function');
  return at === -1 ? raw : (parts[at + 1] ?? raw);
}

function writeJson(res: ServerResponse, statusCode: number, body: unknown): void {
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  res.statusCode = statusCode;
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Content-Length', bytes.length);
  res.end(bytes);
}

function writeError(res: ServerResponse, error: ServiceErrorResponse): void {
  res.setHeader('x-amzn-ErrorType', error.errorType);
  writeJson(res, error.statusCode, error.body);
}
