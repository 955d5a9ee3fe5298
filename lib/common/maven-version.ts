/**
 * Maven's version ordering (`ComparableVersion`, which `DefaultArtifactVersion.compareTo` uses), the order
 * Connect 4.3.1 sorts plugin versions in and matches `plugin.version` ranges with (KIP-891). Not semver:
 * `1.0` = `1.0.0` = `1`, `1.0-SNAPSHOT` < `1.0-rc1` < `1.0` = `1.0-ga` < `1.0-sp1` < `1.0-xyz` < `1.0.1`.
 * A version is split into items at `.`, `-` and digit/letter transitions; `-` opens a sub-list; trailing
 * "null" items (0, empty qualifier) are dropped; qualifiers order as below, unknown ones after `sp`, by name.
 */

type Item =
  | { readonly kind: 'int'; readonly value: bigint }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'list'; readonly items: Item[] };

/** Known qualifiers in order; the empty qualifier is a release. */
const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const ALIASES: Readonly<Record<string, string>> = { ga: '', final: '', release: '', cr: 'rc' };
const RELEASE_INDEX = String(QUALIFIERS.indexOf(''));

function stringItem(raw: string, followedByDigit: boolean): Item {
  let value = raw;
  if (followedByDigit && value.length === 1)
    value = ({ a: 'alpha', b: 'beta', m: 'milestone' } as Record<string, string>)[value] ?? value;
  return { kind: 'string', value: ALIASES[value] ?? value };
}

function parseItem(isDigit: boolean, text: string): Item {
  return isDigit ? { kind: 'int', value: BigInt(text) } : stringItem(text, false);
}

function isNull(item: Item): boolean {
  if (item.kind === 'int') return item.value === 0n;
  if (item.kind === 'string') return item.value === '';
  return item.items.length === 0;
}

/** Drops trailing null items, looking through trailing sub-lists as Maven's `ListItem.normalize` does. */
function normalize(list: Item[]): void {
  for (let i = list.length - 1; i >= 0; i--) {
    const item = list[i] as Item;
    if (isNull(item)) list.splice(i, 1);
    else if (item.kind !== 'list') break;
  }
}

/** Parses a version into Maven's item tree (lower-cased). */
export function parseMavenVersion(version: string): Item[] {
  const text = version.toLowerCase();
  const root: Item[] = [];
  let list = root;
  const stack: Item[][] = [root];
  const open = (): void => {
    const next: Item[] = [];
    list.push({ kind: 'list', items: next });
    list = next;
    stack.push(next);
  };
  let isDigit = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '.' || c === '-') {
      list.push(i === start ? { kind: 'int', value: 0n } : parseItem(isDigit, text.slice(start, i)));
      start = i + 1;
      if (c === '-') open();
    } else if (c >= '0' && c <= '9') {
      if (!isDigit && i > start) {
        list.push(stringItem(text.slice(start, i), true));
        start = i;
        open();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.push(parseItem(true, text.slice(start, i)));
        start = i;
        open();
      }
      isDigit = false;
    }
  }
  if (text.length > start) list.push(parseItem(isDigit, text.slice(start)));
  for (let i = stack.length - 1; i >= 0; i--) normalize(stack[i] as Item[]);
  return root;
}

function qualifierRank(value: string): string {
  const index = QUALIFIERS.indexOf(value);
  return index === -1 ? `${QUALIFIERS.length}-${value}` : String(index);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `item.compareTo(other)`, where an absent `other` is Maven's `null` (a missing trailing item). */
function compareItem(item: Item, other: Item | undefined): number {
  if (other === undefined) {
    if (item.kind === 'int') return item.value === 0n ? 0 : 1;
    if (item.kind === 'string') return compareStrings(qualifierRank(item.value), RELEASE_INDEX);
    return item.items.length === 0 ? 0 : compareItem(item.items[0] as Item, undefined);
  }
  if (item.kind === 'int') {
    if (other.kind !== 'int') return 1;
    return item.value < other.value ? -1 : item.value > other.value ? 1 : 0;
  }
  if (item.kind === 'string') {
    if (other.kind !== 'string') return -1;
    return compareStrings(qualifierRank(item.value), qualifierRank(other.value));
  }
  if (other.kind === 'int') return -1;
  if (other.kind === 'string') return 1;
  return compareLists(item.items, other.items);
}

function compareLists(a: readonly Item[], b: readonly Item[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const left = a[i];
    const right = b[i];
    const result =
      left === undefined ? (right === undefined ? 0 : -compareItem(right, undefined)) : compareItem(left, right);
    if (result !== 0) return result;
  }
  return 0;
}

/** Maven's order of two version strings: negative, zero or positive. */
export function compareMavenVersions(a: string, b: string): number {
  return Math.sign(compareLists(parseMavenVersion(a), parseMavenVersion(b)));
}
