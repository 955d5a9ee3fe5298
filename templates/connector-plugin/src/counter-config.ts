/** The connector's settings, declared once: the same definition validates, documents and parses them. */
import { ConfigDef, ConfigError, ConfigType, Importance } from 'lambda-connect/api';

export const CounterKeys = { TOPIC: 'topic', COUNT: 'count', BATCH_SIZE: 'batch.size' } as const;

export interface CounterSettings {
  readonly topic: string;
  /** How many records in all; the count resumes from the committed offset. */
  readonly count: number;
  readonly batchSize: number;
}

const positive = (name: string, value: unknown): void => {
  if (typeof value !== 'number' || value < 1) throw ConfigError.invalidValue(name, value, 'Value must be at least 1');
};

export function counterConfigDef(): ConfigDef {
  return new ConfigDef()
    .define({
      name: CounterKeys.TOPIC,
      type: ConfigType.STRING,
      importance: Importance.HIGH,
      documentation: 'The topic to write the numbers to.',
    })
    .define({
      name: CounterKeys.COUNT,
      type: ConfigType.LONG,
      defaultValue: 1000,
      validator: positive,
      importance: Importance.MEDIUM,
      documentation: 'How many records to produce in all.',
    })
    .define({
      name: CounterKeys.BATCH_SIZE,
      type: ConfigType.INT,
      defaultValue: 100,
      validator: positive,
      importance: Importance.LOW,
      documentation: 'The most records one poll returns.',
    });
}

export function parseCounterSettings(props: Readonly<Record<string, string>>): CounterSettings {
  const parsed = counterConfigDef().parse(props);
  return {
    topic: parsed.get(CounterKeys.TOPIC) as string,
    count: Number(parsed.get(CounterKeys.COUNT)),
    batchSize: Number(parsed.get(CounterKeys.BATCH_SIZE)),
  };
}
