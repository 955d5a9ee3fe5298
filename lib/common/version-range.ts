/**
 * Maven version ranges, as Connect 4.3.1 reads `plugin.version` values (KIP-891): `[1.0,2.0)`, `(,2.0]`,
 * `[1.0]`, unions like `(,1.0],[1.2,)`, and a bare version, which Connect turns into the exact range
 * `[v]` (`PluginUtils.connectorVersionRequirement`). Parsing and its error messages follow Maven's
 * `VersionRange.createFromVersionSpec`, whose messages Connect passes through to clients.
 */
import { ConnectError } from '../api/errors.js';
import { compareMavenVersions } from './maven-version.js';

/** Maven's `InvalidVersionSpecificationException`: the spec cannot be read as a version range. */
export class InvalidVersionSpecificationError extends ConnectError {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidVersionSpecificationError';
  }
}

/**
 * The class is installed, but in no version inside the requested range (Connect's
 * `VersionedPluginLoadingException`); carries the installed versions, which Connect recommends.
 */
export class VersionedPluginLoadingError extends ConnectError {
  constructor(
    message: string,
    readonly className: string,
    readonly availableVersions: readonly string[],
  ) {
    super(message);
    this.name = 'VersionedPluginLoadingError';
  }
}

interface Restriction {
  readonly lower: string | null;
  readonly lowerInclusive: boolean;
  readonly upper: string | null;
  readonly upperInclusive: boolean;
}

/** A parsed range: restrictions, or (without brackets) a soft recommended version that matches anything. */
export class VersionRange {
  private constructor(
    private readonly restrictions: readonly Restriction[],
    /** Maven's "recommended version": what a bare `1.0` is before Connect makes it `[1.0]`. */
    readonly recommended: string | null,
  ) {}

  /** `VersionRange.createFromVersionSpec`. */
  static parse(spec: string): VersionRange {
    const restrictions: Restriction[] = [];
    let rest = spec;
    let upperBound: string | null = null;
    while (rest.startsWith('[') || rest.startsWith('(')) {
      const close = closingIndex(rest);
      if (close < 0) throw new InvalidVersionSpecificationError(`Unbounded range: ${spec}`);
      const restriction = parseRestriction(rest.slice(0, close + 1));
      if (
        upperBound !== null &&
        (restriction.lower === null || compareMavenVersions(restriction.lower, upperBound) < 0)
      ) {
        throw new InvalidVersionSpecificationError(`Ranges overlap: ${spec}`);
      }
      restrictions.push(restriction);
      upperBound = restriction.upper;
      rest = rest.slice(close + 1).trim();
      if (rest.startsWith(',')) rest = rest.slice(1).trim();
    }
    if (rest.length > 0) {
      if (restrictions.length > 0)
        throw new InvalidVersionSpecificationError(
          `Only fully-qualified sets allowed in multiple set scenario: ${spec}`,
        );
      return new VersionRange([{ lower: null, lowerInclusive: false, upper: null, upperInclusive: false }], rest);
    }
    return new VersionRange(restrictions, null);
  }

  /** True for bracketed ranges; false for a bare (soft) version. */
  hasRestrictions(): boolean {
    return this.restrictions.length > 0 && this.recommended === null;
  }

  containsVersion(version: string): boolean {
    return this.restrictions.some((r) => {
      if (r.lower !== null) {
        const c = compareMavenVersions(version, r.lower);
        if (c < 0 || (c === 0 && !r.lowerInclusive)) return false;
      }
      if (r.upper !== null) {
        const c = compareMavenVersions(version, r.upper);
        if (c > 0 || (c === 0 && !r.upperInclusive)) return false;
      }
      return true;
    });
  }

  /** Maven's `toString()`: `[1.0,1.0]` for `[1.0]`, the text itself for a soft version. */
  toString(): string {
    if (this.recommended !== null) return this.recommended;
    return this.restrictions
      .map((r) => `${r.lowerInclusive ? '[' : '('}${r.lower ?? ''},${r.upper ?? ''}${r.upperInclusive ? ']' : ')'}`)
      .join(',');
  }
}

/** The first `)` or `]`, whichever comes first (Maven's index arithmetic). */
function closingIndex(text: string): number {
  const paren = text.indexOf(')');
  const bracket = text.indexOf(']');
  if (bracket < 0 || (paren >= 0 && paren < bracket)) return paren >= 0 ? paren : bracket;
  return bracket;
}

function parseRestriction(spec: string): Restriction {
  const lowerInclusive = spec.startsWith('[');
  const upperInclusive = spec.endsWith(']');
  const inner = spec.slice(1, -1).trim();
  const comma = inner.indexOf(',');
  if (comma < 0) {
    if (!lowerInclusive || !upperInclusive)
      throw new InvalidVersionSpecificationError(`Single version must be surrounded by []: ${spec}`);
    return { lower: inner, lowerInclusive, upper: inner, upperInclusive };
  }
  const lowerText = inner.slice(0, comma).trim();
  const upperText = inner.slice(comma + 1).trim();
  const lower = lowerText === '' ? null : lowerText;
  const upper = upperText === '' ? null : upperText;
  if (lower !== null && upper !== null) {
    const order = compareMavenVersions(upper, lower);
    if (order < 0 || (order === 0 && (!lowerInclusive || !upperInclusive)))
      throw new InvalidVersionSpecificationError(`Range defies version ordering: ${spec}`);
  }
  return { lower, lowerInclusive, upper, upperInclusive };
}

/**
 * Connect's reading of a `plugin.version` value: null (unset) or `latest` means the latest installed
 * version; a bare version is exact (`1.0` → `[1.0]`); a bracketed range is taken as it is.
 * Throws {@link InvalidVersionSpecificationError} with Maven's message for anything else.
 */
export function versionRequirement(value: string | null | undefined): VersionRange | null {
  if (value === null || value === undefined || value === 'latest') return null;
  const trimmed = value.trim();
  const range = VersionRange.parse(trimmed);
  return range.hasRestrictions() ? range : VersionRange.parse(`[${trimmed}]`);
}
