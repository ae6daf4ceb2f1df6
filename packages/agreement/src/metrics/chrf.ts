export interface ChrFOptions {
  /** Weight of recall over precision (default 2, as chrF2). */
  beta?: number;
  /** Longest character n-gram (default 6). */
  order?: number;
}

/**
 * chrF [M8]: character n-gram F-score (n = 1..order) of a hypothesis against a reference, whitespace removed,
 * precision and recall averaged over the orders both texts are long enough for, then combined as F-beta.
 * 0..1 (not sacrebleu's 0..100). Identical texts score 1, including two empty ones; one empty side scores 0.
 *
 * @example chrF('the cat sat', 'the cat sat down')
 */
export function chrF(hypothesis: string, reference: string, options: ChrFOptions = {}): number {
  const beta = options.beta ?? 2;
  const order = options.order ?? 6;
  const hyp = Array.from(hypothesis.replace(/\s+/gu, ''));
  const ref = Array.from(reference.replace(/\s+/gu, ''));
  if (hyp.length === 0 && ref.length === 0) return 1;
  let precisionSum = 0;
  let recallSum = 0;
  let orders = 0;
  for (let n = 1; n <= order; n++) {
    if (hyp.length < n || ref.length < n) break;
    const hypGrams = nGrams(hyp, n);
    const refGrams = nGrams(ref, n);
    let matches = 0;
    for (const [gram, count] of hypGrams) matches += Math.min(count, refGrams.get(gram) ?? 0);
    precisionSum += matches / (hyp.length - n + 1);
    recallSum += matches / (ref.length - n + 1);
    orders++;
  }
  if (orders === 0) return 0;
  const precision = precisionSum / orders;
  const recall = recallSum / orders;
  if (precision + recall === 0) return 0;
  const b2 = beta * beta;
  return ((1 + b2) * precision * recall) / (b2 * precision + recall);
}

/**
 * chrF averaged over both directions [M8] (chrF is asymmetric: recall weighs more than precision).
 *
 * @example chrFSymmetric(captionA, captionB) === chrFSymmetric(captionB, captionA)
 */
export function chrFSymmetric(a: string, b: string, options: ChrFOptions = {}): number {
  return (chrF(a, b, options) + chrF(b, a, options)) / 2;
}

function nGrams(chars: readonly string[], n: number): Map<string, number> {
  const grams = new Map<string, number>();
  for (let i = 0; i + n <= chars.length; i++) {
    const gram = chars.slice(i, i + n).join('');
    grams.set(gram, (grams.get(gram) ?? 0) + 1);
  }
  return grams;
}
