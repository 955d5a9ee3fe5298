/**
 * Keeping resolved secrets out of what is stored and shown (KIP-297). A connector's `taskConfigs()` runs
 * on the resolved config, so the task configs it returns may hold resolved values; before they are
 * stored, the placeholders of the connector config are put back, as Connect's herder does
 * (`reverseTransform`) before writing task configs to its config topic. The task resolves them again
 * in memory when it starts. Also: secret values in text meant for people (traces, logs) are masked.
 */
import { containsReferences } from './reference.js';

/** A config with its placeholders resolved, and the secret values that went into it. */
export interface ResolvedConfig {
  readonly config: Record<string, string>;
  /** Every value a placeholder stood for (whole secrets and JSON fields alike). */
  readonly secrets: ReadonlySet<string>;
}

/** What replaces a secret value in a trace or a log line: Connect's mask for passwords. */
export const SECRET_MASK = '[hidden]';

/**
 * Secrets shorter than this are not masked inside free text: a one- or two-character value would mask
 * unrelated characters all over a trace and make it unreadable while hiding next to nothing.
 */
export const MIN_MASKED_SECRET_LENGTH = 4;

/**
 * Task configs with the connector config's placeholders restored.
 * - Connect's rule: a task key that the connector config also has, with a placeholder there, gets the
 *   connector's raw value.
 * - Stricter than Connect: a value under another key that equals a resolved placeholder value of the
 *   connector config (a connector copying `password` to `db.password`) gets that key's raw value too,
 *   for values of at least {@link MIN_MASKED_SECRET_LENGTH} characters.
 */
export function restorePlaceholders(
  raw: Readonly<Record<string, string>>,
  resolved: Readonly<Record<string, string>>,
  taskConfigs: ReadonlyArray<Readonly<Record<string, string>>>,
): Array<Record<string, string>> {
  const withPlaceholders = new Map<string, string>();
  const rawByResolvedValue = new Map<string, string>();
  for (const [key, value] of Object.entries(raw)) {
    if (!containsReferences({ [key]: value })) continue;
    withPlaceholders.set(key, value);
    const resolvedValue = resolved[key];
    if (resolvedValue !== undefined && resolvedValue !== value && resolvedValue.length >= MIN_MASKED_SECRET_LENGTH)
      rawByResolvedValue.set(resolvedValue, value);
  }
  if (withPlaceholders.size === 0) return taskConfigs.map((config) => ({ ...config }));
  // Object.fromEntries defines own properties, so a key named `__proto__` stays a key.
  return taskConfigs.map((config) =>
    Object.fromEntries(
      Object.entries(config).map(([key, value]) => [
        key,
        withPlaceholders.get(key) ?? rawByResolvedValue.get(value) ?? value,
      ]),
    ),
  );
}

/** `text` with every secret value (of at least {@link MIN_MASKED_SECRET_LENGTH} characters) masked. */
export function redactSecrets(text: string, secrets: ReadonlySet<string>): string {
  let redacted = text;
  // Longest first, so a secret that contains another is masked whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length >= MIN_MASKED_SECRET_LENGTH) redacted = redacted.replaceAll(secret, SECRET_MASK);
  }
  return redacted;
}
