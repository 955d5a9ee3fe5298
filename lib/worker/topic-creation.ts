/**
 * Topic creation for source connectors (Connect's `topic.creation.*`, KIP-158): when the connector sets
 * `topic.creation.default.replication.factor` and `.partitions`, a topic it writes to for the first time is
 * created with the settings of the first matching group (`topic.creation.groups`, each with `include` /
 * `exclude` regex lists), else the default group. Without these settings the broker's auto-creation (or
 * its refusal, which fails the task with a trace) decides, as in Connect.
 */
import type { KafkaPort, NewTopic } from '../kafka/kafka-port.js';
import { splitList } from '../common/split-list.js';
import { safeRegex, type TopicMatcher } from '../common/topic-matcher.js';

const PREFIX = 'topic.creation.';
const RESERVED = new Set(['include', 'exclude', 'replication.factor', 'partitions']);

interface TopicGroup {
  readonly name: string;
  readonly include: readonly TopicMatcher[];
  readonly exclude: readonly TopicMatcher[];
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly configs: Record<string, string>;
}

export class TopicCreation {
  private readonly created = new Set<string>();

  private constructor(
    private readonly groups: readonly TopicGroup[],
    private readonly fallback: TopicGroup,
  ) {}

  /** Null when the connector does not ask for topic creation (or the worker disables it). */
  static fromConfig(config: Readonly<Record<string, string>>, workerEnabled: boolean): TopicCreation | null {
    if (!workerEnabled) return null;
    if (
      config[`${PREFIX}default.replication.factor`] === undefined ||
      config[`${PREFIX}default.partitions`] === undefined
    )
      return null;
    const fallback = group('default', config, null);
    const groups = splitList(config[`${PREFIX}groups`])
      .filter((g) => g !== 'default')
      .map((g) => group(g, config, fallback));
    return new TopicCreation(groups, fallback);
  }

  /** Creates the topics not created before by this instance (creating an existing topic is a no-op). */
  async ensure(kafka: KafkaPort, topics: Iterable<string>): Promise<void> {
    const fresh = [...new Set(topics)].filter((t) => !this.created.has(t));
    if (fresh.length === 0) return;
    await kafka.createTopics(fresh.map((topic) => this.newTopic(topic)));
    for (const topic of fresh) this.created.add(topic);
  }

  newTopic(topic: string): NewTopic {
    const match =
      this.groups.find((g) => g.include.some((r) => r.test(topic)) && !g.exclude.some((r) => r.test(topic))) ??
      this.fallback;
    return {
      topic,
      numPartitions: match.partitions,
      replicationFactor: match.replicationFactor,
      configs: match.configs,
    };
  }
}

function group(name: string, config: Readonly<Record<string, string>>, fallback: TopicGroup | null): TopicGroup {
  const key = (k: string): string | undefined => config[`${PREFIX}${name}.${k}`];
  const configs: Record<string, string> = { ...(fallback?.configs ?? {}) };
  for (const [k, v] of Object.entries(config)) {
    const prefix = `${PREFIX}${name}.`;
    if (k.startsWith(prefix) && !RESERVED.has(k.slice(prefix.length))) configs[k.slice(prefix.length)] = v;
  }
  const regexes = (value: string | undefined): TopicMatcher[] => splitList(value).flatMap((p) => safeRegex(p) ?? []);
  return {
    name,
    include: name === 'default' ? [/.*/] : regexes(key('include')),
    exclude: regexes(key('exclude')),
    partitions: Number(key('partitions') ?? fallback?.partitions ?? -1),
    replicationFactor: Number(key('replication.factor') ?? fallback?.replicationFactor ?? -1),
    configs,
  };
}
