/**
 * The SMT chain of a connector: `transforms` aliases in order, each optionally gated by a predicate
 * (`transforms.<a>.predicate`, `negate`). A transform returning null drops the record. Each transform is
 * its own TRANSFORMATION stage for error handling, as in Connect, so retries and error reports name it.
 */
import type { ConnectRecord } from '../api/connect-record.js';
import type { Predicate } from '../api/predicate.js';
import type { Transformation } from '../api/transformation.js';
import type { ConnectorConfig } from '../common/connector-config.js';
import { subset } from './converters.js';
import { pluginClassName, type PluginFactory } from './plugin-factory.js';
import type { FetchedRecord } from '../kafka/kafka-port.js';
import type { RecordErrorHandler } from './record-errors.js';

interface Stage {
  readonly alias: string;
  readonly className: string;
  readonly transform: Transformation;
  readonly predicate: Predicate | null;
  readonly negate: boolean;
}

export class TransformChain {
  private constructor(private readonly stages: readonly Stage[]) {}

  /** The chain of `settings.transforms`; each plugin gets its `transforms.<alias>.` / `predicates.<alias>.` keys, prefix stripped. */
  static fromConfig(
    plugins: PluginFactory,
    settings: Pick<ConnectorConfig, 'transforms' | 'predicates'>,
    config: Readonly<Record<string, string>>,
  ): TransformChain {
    const predicates = new Map<string, Predicate>();
    for (const alias of settings.predicates) {
      const predicate = plugins.predicate(
        config[`predicates.${alias}.type`] ?? '',
        config[`predicates.${alias}.plugin.version`] ?? null,
      );
      predicate.configure(subset(config, `predicates.${alias}.`));
      predicates.set(alias, predicate);
    }
    const stages = settings.transforms.map((alias) => {
      const transform = plugins.transformation(
        config[`transforms.${alias}.type`] ?? '',
        config[`transforms.${alias}.plugin.version`] ?? null,
      );
      transform.configure(subset(config, `transforms.${alias}.`));
      const predicateAlias = config[`transforms.${alias}.predicate`];
      const predicate = predicateAlias ? (predicates.get(predicateAlias) ?? null) : null;
      return {
        alias,
        className: pluginClassName(transform),
        transform,
        predicate,
        negate: (config[`transforms.${alias}.negate`] ?? 'false').toLowerCase() === 'true',
      };
    });
    return new TransformChain(stages);
  }

  get empty(): boolean {
    return this.stages.length === 0;
  }

  /** The transformed record; null when a transform dropped it; undefined when a tolerated failure skipped it. */
  apply<R extends ConnectRecord>(record: R, errors: RecordErrorHandler, raw?: FetchedRecord): R | null | undefined {
    let current: R | null | undefined = record;
    for (const stage of this.stages) {
      const input: R = current;
      current = errors.attempt(
        'TRANSFORMATION',
        () => {
          if (stage.predicate !== null && stage.predicate.test(input) === stage.negate) return input;
          return stage.transform.apply(input) as R | null;
        },
        stage.className,
        raw,
      );
      if (current === null || current === undefined) return current;
    }
    return current;
  }

  close(): void {
    for (const stage of this.stages) {
      stage.transform.close();
      stage.predicate?.close();
    }
  }
}
