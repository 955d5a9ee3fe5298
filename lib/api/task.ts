/**
 * A task copies data between Kafka and another system. The framework creates it with no arguments,
 * calls `start` with the task config, then the type-specific methods, then `stop`. A task instance lives
 * for one slice (one bounded invocation); state that must survive goes into offsets.
 */
export interface Task {
  version(): string;
  start(props: Readonly<Record<string, string>>): void | Promise<void>;
  stop(): void | Promise<void>;
}

/** A task class: constructible with no arguments and named the way `task.class` names it. */
export interface TaskClass<T extends Task = Task> {
  readonly className: string;
  new (): T;
}
