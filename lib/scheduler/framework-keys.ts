/** The keys the framework adds to the task configs a connector generates (as Connect's worker does). */
import type { Connector } from '../api/connector.js';

export function taskClassOf(connector: Connector): string {
  return connector.taskClass().className;
}

/** Connect adds `task.class`, and for sinks the connector's `topics` / `topics.regex`, to each task config. */
export function withFrameworkKeys(
  config: Record<string, string>,
  connectorConfig: Record<string, string>,
  type: 'source' | 'sink',
  taskClass: string,
): Record<string, string> {
  const result: Record<string, string> = { ...config, 'task.class': taskClass };
  if (type === 'sink') {
    for (const key of ['topics', 'topics.regex']) {
      const value = connectorConfig[key];
      if (value !== undefined) result[key] = value;
    }
  }
  return result;
}
