/** A differential case: a named sequence of requests sent to both systems, compared step by step. */
import type { CaseContext } from './harness.js';

export interface DiffCase {
  /** Unique, short, kebab-case; comparisons are keyed `<case>/<label>`. */
  readonly name: string;
  /** What the sequence covers (printed in the summary). */
  readonly covers: string;
  readonly run: (ctx: CaseContext) => Promise<void>;
}

/** The JSON body of a connector status, for wait conditions. */
export interface StatusBody {
  readonly connector?: { readonly state?: string };
  readonly tasks?: ReadonlyArray<{ readonly id: number; readonly state: string }>;
}

/** A wait condition: the connector is in `state` and has exactly `tasks` tasks, all in `taskState`. */
export function hasState(state: string, tasks: number, taskState = state) {
  return (exchange: { status: number; body: unknown }): boolean => {
    if (exchange.status !== 200) return false;
    const body = exchange.body as StatusBody;
    return (
      body.connector?.state === state && body.tasks?.length === tasks && body.tasks.every((t) => t.state === taskState)
    );
  };
}

/** A wait condition on the connector's state alone (its tasks may differ between the two). */
export function hasConnectorState(state: string) {
  return (exchange: { status: number; body: unknown }): boolean =>
    exchange.status === 200 && (exchange.body as StatusBody).connector?.state === state;
}

/** A wait condition on `GET /connectors/{n}`: the connector exists and has `count` tasks. */
export function hasTasks(count: number) {
  return (exchange: { status: number; body: unknown }): boolean =>
    exchange.status === 200 && ((exchange.body as { tasks?: unknown[] }).tasks?.length ?? -1) === count;
}

/** A wait condition on the HTTP status alone. */
export function hasStatus(status: number) {
  return (exchange: { status: number }): boolean => exchange.status === status;
}
