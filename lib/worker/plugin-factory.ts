/** How the data plane instantiates plugins by class name; `lib/plugins` implements it. */
import type { Converter } from '../api/converter.js';
import type { HeaderConverter } from '../api/header-converter.js';
import type { Predicate } from '../api/predicate.js';
import type { Task } from '../api/task.js';
import type { Transformation } from '../api/transformation.js';

export interface PluginFactory {
  task(className: string): Task;
  converter(className: string): Converter;
  headerConverter(className: string): HeaderConverter;
  transformation(className: string): Transformation;
  predicate(className: string): Predicate;
}

/** The Java class name a plugin stands for (its static `className`), for error reports and the DLQ. */
export function pluginClassName(plugin: object): string {
  return (plugin.constructor as { className?: string }).className ?? plugin.constructor.name;
}
