/** The FileStreamSource connector's keys, shared by the connector and its task. */
import { ConfigDef, ConfigType, Importance, Validators } from '../../api/index.js';
import { confinedFile } from './file-access.js';

export const FileStreamSourceKeys = {
  FILE: 'file',
  TOPIC: 'topic',
  BATCH_SIZE: 'batch.size',
} as const;

/** The source partition and offset keys: `{filename}` → `{position}`. */
export const FILENAME_FIELD = 'filename';
export const POSITION_FIELD = 'position';

export const DEFAULT_TASK_BATCH_SIZE = 2000;

export function fileStreamSourceConfigDef(): ConfigDef {
  return new ConfigDef()
    .define({
      name: FileStreamSourceKeys.FILE,
      type: ConfigType.STRING,
      defaultValue: null,
      validator: confinedFile,
      importance: Importance.HIGH,
      documentation: 'Source filename. If not specified, the standard input will be used',
    })
    .define({
      name: FileStreamSourceKeys.TOPIC,
      type: ConfigType.STRING,
      validator: Validators.nonEmptyString(),
      importance: Importance.HIGH,
      documentation: 'The topic to publish data to',
    })
    .define({
      name: FileStreamSourceKeys.BATCH_SIZE,
      type: ConfigType.INT,
      defaultValue: DEFAULT_TASK_BATCH_SIZE,
      importance: Importance.LOW,
      documentation: 'The maximum number of records the source task can read from the file each time it is polled',
    });
}

export interface FileStreamSourceSettings {
  /** null when reading standard input. */
  readonly file: string | null;
  readonly topic: string;
  readonly batchSize: number;
}

export function parseFileStreamSourceSettings(props: Readonly<Record<string, string>>): FileStreamSourceSettings {
  const parsed = fileStreamSourceConfigDef().parse(props);
  const file = parsed.get(FileStreamSourceKeys.FILE) as string | null;
  return {
    file: file === null || file === '' ? null : file,
    topic: parsed.get(FileStreamSourceKeys.TOPIC) as string,
    batchSize: parsed.get(FileStreamSourceKeys.BATCH_SIZE) as number,
  };
}

/** A JSON integer stands for a Java Long here (offsets arrive as JSON). */
export function isLong(value: unknown): value is number | bigint {
  return typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value));
}
