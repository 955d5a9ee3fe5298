/**
 * What one slice (one bounded run of one task) works with: its lease and fence, its configs, the ports,
 * and the budget. `keepAlive` renews the lease before it can expire and tells the slice to stop when the
 * connector was paused, stopped, deleted or reconfigured meanwhile.
 */
import type { AwsClientDefaults, AwsSdkClient } from '../api/index.js';
import type { Log } from '../common/log.js';
import type { ConnectorConfig, SliceOverrides } from '../common/connector-config.js';
import { LatencyMode, type LatencyConfig } from '../common/latency-mode.js';
import type { WorkerConfig } from '../common/worker-config.js';
import type { KafkaPort } from '../kafka/kafka-port.js';
import type { ConnectorRecord, Fence, Lease, TaskConfigEntry } from '../stores/model.js';
import type { Stores } from '../stores/ports.js';
import type { PluginFactory } from './plugin-factory.js';

/**
 * What the runtime applies to its own AWS SDK clients, lent to tasks (`context.awsClient`): the
 * constructor defaults (timeouts) and the instrumentation added before a client's first command (the
 * local stack's IAM check; nothing on Lambda).
 */
export interface AwsClientSettings {
  readonly defaults: AwsClientDefaults;
  instrument(client: AwsSdkClient): void;
}

export interface SliceLimits {
  readonly maxRecords: number;
  readonly maxBytes: number;
  readonly maxMs: number;
  /** After data moved, how long a slice waits for more before it ends (instead of waiting for a tick). */
  readonly lingerMs: number;
  /** `latency.mode=continuous`: an idle slice keeps polling until its budget is spent (decision 0023). */
  readonly continuous: boolean;
}

/** The deployment's defaults: every limit but the mode, which is the connector's. */
export type SliceDefaults = Omit<SliceLimits, 'continuous'>;

export interface SliceContext {
  readonly connector: ConnectorRecord;
  readonly task: TaskConfigEntry;
  readonly fence: Fence;
  readonly stores: Stores;
  readonly kafka: KafkaPort;
  readonly plugins: PluginFactory;
  /** Raw worker properties: handed to converters by prefix. */
  readonly workerProperties: Readonly<Record<string, string>>;
  /** The connector's framework settings, parsed once for the slice. */
  readonly settings: ConnectorConfig;
  /** The worker settings the runtime honours, parsed once per cold start. */
  readonly worker: WorkerConfig;
  readonly log: Log;
  /** How tasks' AWS clients are set up; absent in unit tests (then the SDK's defaults, no instrumentation). */
  readonly awsClients?: AwsClientSettings;
  readonly limits: SliceLimits;
  /** Epoch ms by which the slice must have committed and returned. */
  readonly deadline: number;
  readonly now: () => number;
  /** Renews the lease when due; false when the slice must stop (lease lost, connector changed). */
  keepAlive(): Promise<boolean>;
  /** The lease as last renewed. */
  lease(): Lease;
}

export interface SliceResult {
  readonly records: number;
  readonly bytes: number;
  /** More data was waiting when the slice stopped: continue at once. */
  readonly pending: boolean;
  /** Sinks: records behind the high watermarks at the end of the slice. */
  readonly lag?: number;
}

/** The slice limits: the connector's `slice.*` overrides (parsed with its config), else the deployment's defaults. */
export function sliceLimits(overrides: SliceOverrides, defaults: SliceDefaults, latency: LatencyConfig): SliceLimits {
  return {
    continuous: latency.mode === LatencyMode.CONTINUOUS,
    maxRecords: overrides.maxRecords ?? defaults.maxRecords,
    maxBytes: overrides.maxBytes ?? defaults.maxBytes,
    maxMs: overrides.maxMs ?? defaults.maxMs,
    lingerMs: overrides.lingerMs ?? defaults.lingerMs,
  };
}

/** True once a slice moved its share of records or bytes, ran its time, or reached its deadline. */
export function sliceBudgetSpent(
  ctx: Pick<SliceContext, 'limits' | 'deadline' | 'now'>,
  started: number,
  moved: { readonly records: number; readonly bytes: number },
): boolean {
  const now = ctx.now();
  const { limits } = ctx;
  return (
    moved.records >= limits.maxRecords ||
    moved.bytes >= limits.maxBytes ||
    now - started >= limits.maxMs ||
    now >= ctx.deadline
  );
}
