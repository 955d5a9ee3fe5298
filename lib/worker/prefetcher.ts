/**
 * One fetch ahead for sink slices: while a batch is converted and `put`, the next fetch (from where that
 * batch ends) is already on its way. It is used only if the slice then asks for exactly those positions;
 * after a rewind (`context.offset`) or a pause the slice fetches afresh and the early answer is dropped.
 */
import type { FetchOptions, FetchPosition, FetchResult, KafkaPort } from '../kafka/kafka-port.js';

type Settled = { readonly result: FetchResult } | { readonly error: unknown };

export class Prefetcher {
  private ahead: { readonly key: string; readonly answer: Promise<Settled> } | null = null;

  constructor(private readonly kafka: KafkaPort) {}

  /** Starts fetching `positions` now, for a later {@link fetch} of the same positions. */
  start(positions: readonly FetchPosition[], options: FetchOptions): void {
    if (this.ahead !== null || positions.length === 0) return;
    // Settles instead of rejecting: an error surfaces only if the answer is used.
    const answer = this.kafka.fetch(positions, options).then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    );
    this.ahead = { key: positionsKey(positions), answer };
  }

  /** The early answer when it was for these positions, else a fresh fetch. */
  async fetch(positions: readonly FetchPosition[], options: FetchOptions): Promise<FetchResult> {
    const ahead = this.ahead;
    this.ahead = null;
    if (ahead !== null) {
      const settled = await ahead.answer;
      if (ahead.key === positionsKey(positions)) {
        if ('error' in settled) throw settled.error;
        return settled.result;
      }
    }
    return this.kafka.fetch(positions, options);
  }

  /** Waits for an outstanding early fetch and drops it, so nothing outlives the slice. */
  async discard(): Promise<void> {
    const ahead = this.ahead;
    this.ahead = null;
    await ahead?.answer;
  }
}

function positionsKey(positions: readonly FetchPosition[]): string {
  let key = '';
  for (const p of positions) key += `${p.topic}\u0000${p.partition}\u0000${p.offset}\n`;
  return key;
}
