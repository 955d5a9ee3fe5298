/**
 * randexp and ret are CommonJS packages whose `module.exports` is the function itself, while their
 * typings declare it as a `default` export. Node, tsx and esbuild all hand an ES import the function; the
 * typings disagree, so the one place that reconciles them checks what it got.
 */
import randexpModule from 'randexp';
import * as retModule from 'ret';

type RandExpClass = typeof randexpModule.default;
export type RandExp = InstanceType<RandExpClass>;
export type RetTokenizer = typeof retModule.tokenizer;

function callable<T>(module: unknown, what: string): T {
  if (typeof module === 'function') return module as T;
  const inner = (module as { default?: unknown } | null)?.default;
  if (typeof inner === 'function') return inner as T;
  throw new TypeError(`${what} did not load as a function`);
}

/** randexp's class. */
export const RandExp: RandExpClass = callable<RandExpClass>(randexpModule, 'randexp');
/** ret's tokenizer (what randexp parses with): regex source → token tree. */
export const tokenize: RetTokenizer = callable<RetTokenizer>(retModule.default ?? retModule, 'ret');
/** ret's token type numbers. */
export const RetTypes = retModule.types;
