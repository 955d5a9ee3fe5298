/**
 * The scheduled tick's marker, shared by `infra/` (EventBridge Scheduler's target input) and the
 * scheduler handler: only a scheduled tick runs the sub-minute cadence (decision 0023); a REST kick
 * reconciles once and returns, so kicks never multiply the sub-tick loops.
 */
export const SCHEDULED_TICK_EVENT = { source: 'lambda-connect.schedule' } as const;

/** Whether an invocation's event is the scheduled tick. */
export function isScheduledTick(event: unknown): boolean {
  return (
    typeof event === 'object' &&
    event !== null &&
    (event as { source?: unknown }).source === SCHEDULED_TICK_EVENT.source
  );
}
