/**
 * Records the topics a task used (`GET /connectors/{n}/topics`), once per topic per slice, as Connect's
 * status-topic records do.
 */
import type { SliceContext } from './slice-context.js';

export class ActiveTopics {
  private readonly seen = new Set<string>();

  constructor(private readonly ctx: SliceContext) {}

  async record(topics: Iterable<string>): Promise<void> {
    // Called per batch with a topic per record: allocate only when a topic is new.
    let fresh: Set<string> | undefined;
    for (const topic of topics) if (!this.seen.has(topic)) (fresh ??= new Set()).add(topic);
    if (fresh === undefined) return;
    await this.ctx.stores.topics.recordTopics(this.ctx.connector.name, [...fresh], this.ctx.now());
    for (const topic of fresh) this.seen.add(topic);
  }
}
