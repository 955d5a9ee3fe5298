/** How the data plane instantiates plugins by class name; `lib/plugins` implements it. */
import type { Converter } from '../api/converter.js';
import type { HeaderConverter } from '../api/header-converter.js';
import type { Predicate } from '../api/predicate.js';
import type { Task } from '../api/task.js';
import type { Transformation } from '../api/transformation.js';

/** The connector a task belongs to: its task class comes from the version the connector config selects. */
export interface TaskOwner {
  readonly connectorClass: string;
  /** The connector's `connector.plugin.version` (unset: the latest installed). */
  readonly version?: string | null;
}

/**
 * Every method takes the class name and, where several versions of a plugin are installed (KIP-891), the
 * `plugin.version` value that selects one; unset means the latest installed version.
 */
export interface PluginFactory {
  task(className: string, owner?: TaskOwner): Task;
  converter(className: string, version?: string | null): Converter;
  headerConverter(className: string, version?: string | null): HeaderConverter;
  transformation(className: string, version?: string | null): Transformation;
  predicate(className: string, version?: string | null): Predicate;
}

/** The Java class name a plugin stands for (its static `className`), for error reports and the DLQ. */
export function pluginClassName(plugin: object): string {
  return (plugin.constructor as { className?: string }).className ?? plugin.constructor.name;
}
