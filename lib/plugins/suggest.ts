/**
 * "Did you mean …?" for plugin names. Resolution stays exact, as in Connect; this only helps the error
 * message. A name matches when equal after ignoring case and the separators `-`, `_`, `.`, `$`
 * (`FileStream-Source` → `FileStreamSource`); otherwise the closest name within a small edit distance wins.
 */

function normalize(name: string): string {
  return name.toLowerCase().replace(/[-_.$\s]/g, '');
}

function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? limit + 1;
}

/**
 * The candidate closest to `requested`, or undefined when none is close. Candidates earlier in the list win
 * ties, so pass the preferred spellings (short aliases) first.
 */
export function closestName(requested: string, candidates: readonly string[]): string | undefined {
  const wanted = normalize(requested);
  if (wanted === '') return undefined;
  const exact = candidates.find((c) => normalize(c) === wanted);
  if (exact !== undefined) return exact;
  const limit = Math.min(3, Math.max(1, Math.floor(wanted.length / 5)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, normalize(candidate), limit);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}
