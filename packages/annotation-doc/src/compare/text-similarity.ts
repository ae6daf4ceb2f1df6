/**
 * [D14] The most cells of the edit-distance table computed for one pair of texts (about 2,000 × 2,000
 * differing characters; a few milliseconds).
 */
export const maxDistanceCells = 4_000_000;

/** Trimmed, with every run of whitespace as one space. */
export function collapseWhitespace(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

/** Levenshtein distance, O(a·b) time and O(b) memory. */
function levenshtein(a: string, b: string): number {
  let previous = Uint32Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length] ?? 0;
}

/**
 * [D14] How alike two texts are, in [0, 1]: 1 − Levenshtein distance / length of the longer text, on
 * whitespace-collapsed text (UTF-16 code units). The common prefix and suffix are stripped first;
 * when what remains is larger than {@link maxDistanceCells}, every character of it counts as changed
 * (an upper bound of the distance), so huge texts take linear time and are at worst reported as
 * different when a full comparison might not, never the other way round.
 *
 * @example
 * textSimilarity('The cat sat.', 'The  cat sat!') // 1 - 1/12
 */
export function textSimilarity(a: string, b: string): number {
  const [x, y] = [collapseWhitespace(a), collapseWhitespace(b)];
  const longest = Math.max(x.length, y.length);
  if (longest === 0) return 1;
  let prefix = 0;
  while (prefix < Math.min(x.length, y.length) && x.charCodeAt(prefix) === y.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < Math.min(x.length, y.length) - prefix && x.charCodeAt(x.length - 1 - suffix) === y.charCodeAt(y.length - 1 - suffix)) suffix++;
  const [midX, midY] = [x.slice(prefix, x.length - suffix), y.slice(prefix, y.length - suffix)];
  const distance = midX.length * midY.length > maxDistanceCells ? Math.max(midX.length, midY.length) : levenshtein(midX, midY);
  return 1 - distance / longest;
}
