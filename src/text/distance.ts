/**
 * How alike two words are: the edit distance behind fuzzy header matching, "did you mean" for a
 * misspelt flag, command or profile key, and the close slugs `explain-provenance` suggests.
 *
 * @example
 * closest("--input", ["--input-dir", "--output-path"]); // ["--input-dir"]
 */

/**
 * Edit distance between `a` and `b`, or Infinity once it must exceed `limit` (the rows of the
 * table stop early, so a wide sheet of unrelated headers costs little).
 */
export function boundedDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return Infinity;
  let previous = new Uint16Array(b.length + 1).map((_, j) => j);
  let current = new Uint16Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return Infinity;
    [previous, current] = [current, previous];
  }
  return previous[b.length]! <= limit ? previous[b.length]! : Infinity;
}

/** Similarity in [0, 1] (1 - edit distance / longer length), or 0 below `threshold`. */
export function similarity(a: string, b: string, threshold = 0): number {
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 1;
  const distance = boundedDistance(a, b, Math.floor((1 - threshold) * longer + 1e-9));
  return distance === Infinity ? 0 : 1 - distance / longer;
}

/**
 * Up to `max` candidates that look like what was typed, closest first: a candidate that starts
 * with (or contains) the word counts as closest (`--input` -> `--input-dir`), then those within
 * an edit distance of a third of the word's length (at least 2).
 */
export function closest(word: string, candidates: readonly string[], max = 3): string[] {
  const typed = word.toLowerCase();
  const limit = Math.max(2, Math.floor(typed.length / 3));
  return candidates
    .map((candidate) => {
      const lower = candidate.toLowerCase();
      const score = lower.startsWith(typed) || typed.startsWith(lower) ? 0 : lower.includes(typed) || typed.includes(lower) ? 0.5 : boundedDistance(typed, lower, limit);
      return { candidate, score };
    })
    .filter(({ score }) => score <= limit)
    .sort((a, b) => a.score - b.score || a.candidate.localeCompare(b.candidate))
    .slice(0, max)
    .map(({ candidate }) => candidate);
}
