/**
 * What one tick asks Kafka about sink topics, asked once: the partition counts of every topic that a
 * sink names in `topics` come from one metadata request at the start of the tick instead of one per
 * sink, and the topic list (`topics.regex` sinks) is read at most once per tick. Counts of topics the
 * prefetch did not cover are asked for when needed, and remembered for the rest of the tick.
 *
 * A tick-scoped view, never kept across ticks: a sink must see new partitions and topics on the next tick.
 */
import type { KafkaPort } from '../kafka/kafka-port.js';

export class TickTopics {
  /** Topic → partition count, or null when the topic does not exist. */
  readonly #counts = new Map<string, number | null>();
  #topics: Promise<string[]> | undefined;

  constructor(private readonly kafka: Pick<KafkaPort, 'listTopics' | 'partitionCounts'>) {}

  /**
   * Asks for the counts of `topics` in one request. Best effort: when Kafka cannot answer, nothing is
   * remembered and each sink asks on its own, so an outage is handled per connector as without the prefetch.
   */
  async prefetch(topics: readonly string[]): Promise<void> {
    const wanted = [...new Set(topics)].filter((t) => !this.#counts.has(t));
    if (wanted.length === 0) return;
    try {
      this.remember(wanted, await this.kafka.partitionCounts(wanted));
    } catch {
      // Each sink asks again below, and handles the failure as a reconcile of its own.
    }
  }

  listTopics(): Promise<string[]> {
    this.#topics ??= this.kafka.listTopics();
    return this.#topics;
  }

  /** As `KafkaPort.partitionCounts`: topics that do not exist are absent from the map. */
  async partitionCounts(topics: readonly string[]): Promise<Map<string, number>> {
    const missing = topics.filter((t) => !this.#counts.has(t));
    if (missing.length > 0) this.remember(missing, await this.kafka.partitionCounts(missing));
    const counts = new Map<string, number>();
    for (const topic of topics) {
      const count = this.#counts.get(topic);
      if (count !== null && count !== undefined) counts.set(topic, count);
    }
    return counts;
  }

  private remember(asked: readonly string[], counts: ReadonlyMap<string, number>): void {
    for (const topic of asked) this.#counts.set(topic, counts.get(topic) ?? null);
  }
}
