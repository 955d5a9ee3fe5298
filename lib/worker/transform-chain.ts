/**
 * The SMT chain of a connector: `transforms` aliases in order, each optionally gated by a predicate
 * (`transforms.<a>.predicate`, `negate`). A transform returning null drops the record.
 */
import type { ConnectRecord } from '../api/connect-record.js';
import type { Predicate } from '../api/predicate.js';
import type { Transformation } from '../api/transformation.js';
import { splitList } from '../herder/validate-connector.js';
import { subset } from './converters.js';
import type { PluginFactory } from './plugin-factory.js';

interface Stage {
  readonly alias: string;
  readonly transform: Transformation;
  readonly predicate: Predicate | null;
  readonly negate: boolean;
}

export class TransformChain {
  private constructor(private readonly stages: readonly Stage[]) {}

  static fromConfig(plugins: PluginFactory, config: Readonly<Record<string, string>>): TransformChain {
    const predicates = new Map<string, Predicate>();
    for (const alias of splitList(config['predicates'])) {
      const predicate = plugins.predicate(config[`predicates.${alias}.type`] ?? '');
      predicate.configure(subset(config, `predicates.${alias}.`));
      predicates.set(alias, predicate);
    }
    const stages = splitList(config['transforms']).map((alias) => {
      const transform = plugins.transformation(config[`transforms.${alias}.type`] ?? '');
      transform.configure(subset(config, `transforms.${alias}.`));
      const predicateAlias = config[`transforms.${alias}.predicate`];
      const predicate = predicateAlias ? (predicates.get(predicateAlias) ?? null) : null;
      return { alias, transform, predicate, negate: (config[`transforms.${alias}.negate`] ?? 'false').toLowerCase() === 'true' };
    });
    return new TransformChain(stages);
  }

  get empty(): boolean {
    return this.stages.length === 0;
  }

  apply<R extends ConnectRecord>(record: R): R | null {
    let current: R | null = record;
    for (const stage of this.stages) {
      if (current === null) return null;
      if (stage.predicate !== null && stage.predicate.test(current) === stage.negate) continue;
      current = stage.transform.apply(current) as R | null;
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
