/** Every differential case, in run order (each starts from an empty cluster: see `deleteAllConnectors`). */
import type { DiffCase } from '../case.js';
import { configCase } from './config.js';
import { connectorsListCase, createCase } from './connectors.js';
import { createErrorsCase } from './create-errors.js';
import { httpCase } from './http.js';
import { hugeCase } from './huge.js';
import { lifecycleCase } from './lifecycle.js';
import { loggersCase } from './loggers.js';
import { namesCase } from './names.js';
import { offsetsSinkCase } from './offsets-sink.js';
import { offsetsSourceCase } from './offsets-source.js';
import { pluginsCase } from './plugins.js';
import { pluginVersionsCase } from './plugin-versions.js';
import { restartCase } from './restart.js';
import { rootCase } from './root.js';
import { tasksCase } from './tasks.js';
import { topicsCase } from './topics.js';
import { validateCase } from './validate.js';

export const CASES: readonly DiffCase[] = [
  rootCase,
  httpCase,
  connectorsListCase,
  createCase,
  createErrorsCase,
  namesCase,
  configCase,
  tasksCase,
  lifecycleCase,
  restartCase,
  topicsCase,
  offsetsSourceCase,
  offsetsSinkCase,
  pluginsCase,
  pluginVersionsCase,
  validateCase,
  loggersCase,
  hugeCase,
];
