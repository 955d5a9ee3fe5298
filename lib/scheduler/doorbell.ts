/**
 * The doorbell (`latency.mode=doorbell`, decision 0023): a Lambda Kafka event source mapping per topic of
 * each doorbell sink, on the doorbell function, which starts the sink's idle tasks when records arrive. The
 * mapping's records are ignored: slices read from the offsets in DynamoDB, so the mapping's own consumer
 * group only rings the bell. The scheduler keeps the mappings in line with the connectors on every full
 * tick (create what is missing, delete what is no longer wanted); a failed call is retried on the next tick.
 */
import { createHash } from 'node:crypto';
import { ConnectorConfigKeys } from '../common/connector-config-def.js';
import { parseConnectorConfig, type ConnectorConfig } from '../common/connector-config.js';
import { errorTrace } from '../common/error-trace.js';
import { LatencyConfigKeys, LatencyMode } from '../common/latency-mode.js';
import type { Log } from '../common/log.js';
import { TargetState } from '../common/states.js';
import { safeRegex } from '../common/topic-matcher.js';
import type { ConnectorRecord } from '../stores/model.js';

/** Every doorbell mapping's consumer group starts with this: a mapping without it is not ours and never touched. */
export const DOORBELL_GROUP_PREFIX = 'lambda-connect-doorbell-';

/** Lambda's limit on `ConsumerGroupId` (1–200 characters of `[a-zA-Z0-9-/*:_+=.@-]`). */
const MAX_GROUP_ID = 200;

/** The deployment's Kafka as the doorbell's mappings reach it (set by the construct, infra/). */
export interface DoorbellSettings {
  /** The function the mappings invoke. */
  readonly functionName: string;
  /** MSK: the cluster's ARN (the mapping's `EventSourceArn`); unset: self-managed Kafka at `bootstrapServers`. */
  readonly mskClusterArn?: string;
  readonly bootstrapServers: readonly string[];
  /** SASL/SCRAM: the mechanism and the `{"username","password"}` secret. */
  readonly sasl?: { readonly mechanism: string; readonly secretArn: string };
  /** Self-managed Kafka in a VPC: where the pollers' network interfaces go. */
  readonly subnets?: readonly string[];
  readonly securityGroups?: readonly string[];
  /** `MaximumBatchingWindowInSeconds`; 0 is the smallest Lambda allows (500 ms for Kafka sources). */
  readonly batchingWindowSeconds: number;
}

/** One mapping on the doorbell function, as ListEventSourceMappings shows it. */
export interface DoorbellMapping {
  readonly uuid: string;
  readonly topic: string | undefined;
  readonly groupId: string | undefined;
  /** `Creating`, `Enabled`, `Deleting`, …; a mapping being deleted is gone for the reconcile. */
  readonly state: string | undefined;
}

/** A mapping that should exist: one topic, the connector's consumer group. */
export interface MappingSpec {
  readonly topic: string;
  readonly groupId: string;
}

/** The Lambda API as the doorbell reconcile uses it (lib/runtime/doorbell-mappings.ts on AWS and locally). */
export interface EventSourceMappingsPort {
  /** Every mapping on the doorbell function. */
  list(): Promise<DoorbellMapping[]>;
  create(spec: MappingSpec): Promise<void>;
  delete(uuid: string): Promise<void>;
}

export interface DoorbellReconcileReport {
  readonly created: number;
  readonly deleted: number;
  readonly failures: number;
}

/**
 * The consumer group of a connector's mappings: readable (the name with other characters as `_`, cut to
 * fit) and unique (a hash of the whole name), so two connectors never share a group.
 */
export function doorbellGroupId(connector: string): string {
  const hash = createHash('sha256').update(connector, 'utf8').digest('hex').slice(0, 12);
  const room = MAX_GROUP_ID - DOORBELL_GROUP_PREFIX.length - hash.length - 1;
  const readable = connector.replace(/[^a-zA-Z0-9._=+@-]/g, '_').slice(0, room);
  return `${DOORBELL_GROUP_PREFIX}${readable}-${hash}`;
}

/** The connector's parsed config when it is a running doorbell sink, else null. */
export function doorbellSettingsOf(record: ConnectorRecord): ConnectorConfig | null {
  if (record.targetState !== TargetState.STARTED) return null;
  // Most connectors are not doorbell sinks: a look at the raw key spares every tick a parse per connector.
  if ((record.config[LatencyConfigKeys.MODE] ?? '').trim() !== LatencyMode.DOORBELL) return null;
  const sink =
    record.config[ConnectorConfigKeys.TOPICS] !== undefined ||
    record.config[ConnectorConfigKeys.TOPICS_REGEX] !== undefined;
  if (!sink) return null;
  try {
    const settings = parseConnectorConfig(record.name, record.config);
    return settings.latency.mode === LatencyMode.DOORBELL ? settings : null;
  } catch {
    // A config the herder would now refuse fails the connector on the tick, not here.
    return null;
  }
}

/** Whether a bell rung for records of `topics` is for this connector (a running doorbell sink reading one of them). */
export function ringsFor(record: ConnectorRecord, topics: ReadonlySet<string>): boolean {
  const settings = doorbellSettingsOf(record);
  if (settings === null) return false;
  if (settings.topics.length > 0) return settings.topics.some((t) => topics.has(t));
  const regex = safeRegex(settings.topicsRegex.trim());
  return regex !== null && [...topics].some((t) => regex.test(t));
}

/**
 * The topics of a Lambda Kafka event (MSK or self-managed): `records` maps `topic-partition` to that
 * partition's records, each naming its topic. Anything else is no event of ours: no topics.
 */
export function topicsOfKafkaEvent(event: unknown): Set<string> {
  const topics = new Set<string>();
  if (event === null || typeof event !== 'object') return topics;
  const records = (event as { records?: unknown }).records;
  if (records === null || typeof records !== 'object') return topics;
  for (const [key, batch] of Object.entries(records as Record<string, unknown>)) {
    const first = Array.isArray(batch) ? (batch[0] as { topic?: unknown } | undefined) : undefined;
    if (typeof first?.topic === 'string') topics.add(first.topic);
    else {
      // The key is `topic-partition`; a topic may itself contain '-'.
      const dash = key.lastIndexOf('-');
      if (dash > 0 && /^\d+$/.test(key.slice(dash + 1))) topics.add(key.slice(0, dash));
    }
  }
  return topics;
}

const keyOf = (spec: { topic: string | undefined; groupId: string | undefined }): string =>
  `${spec.groupId ?? ''}\u0000${spec.topic ?? ''}`;

/**
 * Brings the doorbell function's mappings in line with `wanted`: creates the missing ones, deletes ours
 * that are no longer wanted (and duplicates, which concurrent ticks can create). Mappings of other
 * consumer groups are left alone. A failing call is logged and counted, never thrown: the next tick
 * compares again. Listing failures propagate (nothing can be compared).
 */
export async function reconcileDoorbellMappings(
  wanted: readonly MappingSpec[],
  port: EventSourceMappingsPort,
  log: Pick<Log, 'info' | 'warn'>,
): Promise<DoorbellReconcileReport> {
  const existing = (await port.list()).filter(
    (m) => m.groupId?.startsWith(DOORBELL_GROUP_PREFIX) === true && m.state !== 'Deleting',
  );
  const want = new Map(wanted.map((spec) => [keyOf(spec), spec]));
  const kept = new Set<string>();
  let created = 0;
  let deleted = 0;
  let failures = 0;
  const attempt = async (what: string, details: Record<string, unknown>, call: () => Promise<void>) => {
    try {
      await call();
      log.info(`doorbell mapping ${what}`, details);
      return true;
    } catch (error) {
      failures++;
      log.warn(`doorbell mapping not ${what}; the next tick retries`, { ...details, error: errorTrace(error) });
      return false;
    }
  };
  for (const mapping of existing) {
    const key = keyOf(mapping);
    if (want.has(key) && !kept.has(key)) {
      kept.add(key);
      continue;
    }
    const details = { uuid: mapping.uuid, topic: mapping.topic, group: mapping.groupId };
    if (await attempt('deleted', details, () => port.delete(mapping.uuid))) deleted++;
  }
  for (const [key, spec] of want) {
    if (kept.has(key)) continue;
    if (await attempt('created', { topic: spec.topic, group: spec.groupId }, () => port.create(spec))) created++;
  }
  return { created, deleted, failures };
}
