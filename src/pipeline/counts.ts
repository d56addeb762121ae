/** Adds `more`'s counts into `into` (drop reasons, by name) and returns `into`. */
export function addCounts(into: Record<string, number>, more: Record<string, number>): Record<string, number> {
  for (const [key, count] of Object.entries(more)) into[key] = (into[key] ?? 0) + count;
  return into;
}
