/**
 * Connect's connector and task states, as domain values: the herder sets target states, the scheduler and
 * the task runner move runtime states, the stores persist both, `/status` shows them. Wire names are Connect's
 * (`AbstractStatus.State`, `TargetState`).
 */

/** What the user asked for. REST `initial_state` RUNNING maps to STARTED. */
export const TargetState = { STARTED: 'STARTED', PAUSED: 'PAUSED', STOPPED: 'STOPPED' } as const;
export type TargetState = (typeof TargetState)[keyof typeof TargetState];

/** Runtime states shown by `/status`. */
export const State = {
  UNASSIGNED: 'UNASSIGNED',
  RUNNING: 'RUNNING',
  PAUSED: 'PAUSED',
  FAILED: 'FAILED',
  RESTARTING: 'RESTARTING',
  STOPPED: 'STOPPED',
} as const;
export type State = (typeof State)[keyof typeof State];
