import { StaleEpochError } from '../stores/errors.js';
import type { ConfigStore } from '../stores/ports.js';

const MAX_ATTEMPTS = 6;

/**
 * Writes an empty task-config set one generation above the current one (stop, delete), unless an empty
 * set for `configVersion` is already there; a concurrent writer's newer generation is read and built on.
 */
export async function writeEmptyTaskSet(configs: ConfigStore, name: string, configVersion: number): Promise<void> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const current = await configs.getTaskConfigs(name);
    if (configVersion === -1 && current === null) return;
    if (current !== null && current.tasks.length === 0 && current.configVersion === configVersion) return;
    try {
      await configs.putTaskConfigs({
        connector: name,
        generation: (current?.generation ?? 0) + 1,
        configVersion,
        tasks: [],
      });
      return;
    } catch (error) {
      if (!(error instanceof StaleEpochError)) throw error;
    }
  }
}
