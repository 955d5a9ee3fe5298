/**
 * The longest string a regex can make, from ret's token tree: a regex hint like `a{100000000}` would
 * build a 100 MB string per record, so the schema is refused at parse time instead. Unbounded
 * repetitions count as randexp will generate them (at most `unbounded` times); a back-reference counts
 * as long as the whole expression, an upper bound for any group it can repeat.
 */
import type { Tokens, Token } from 'ret';
import { RetTypes, tokenize } from './cjs-interop.js';

export function maxRegexLength(source: string, unbounded: number): number {
  const root = tokenize(source);
  const withoutReferences = lengthOf(root, unbounded, 0);
  return lengthOf(root, unbounded, withoutReferences);
}

function lengthOf(token: Tokens, unbounded: number, reference: number): number {
  switch (token.type) {
    case RetTypes.ROOT:
    case RetTypes.GROUP: {
      if (token.options !== undefined)
        return Math.max(0, ...token.options.map((stack) => stackLength(stack, unbounded, reference)));
      return stackLength(token.stack ?? [], unbounded, reference);
    }
    case RetTypes.REPETITION: {
      const times = token.max === Infinity ? Math.max(token.min, unbounded) : token.max;
      return times * lengthOf(token.value, unbounded, reference);
    }
    case RetTypes.REFERENCE:
      return reference;
    case RetTypes.POSITION:
      return 0;
    default:
      return 1;
  }
}

function stackLength(stack: readonly Token[], unbounded: number, reference: number): number {
  let total = 0;
  for (const token of stack) total += lengthOf(token, unbounded, reference);
  return total;
}
