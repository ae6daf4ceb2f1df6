import type { PreferenceDoc, ResponseView, Strength } from '@concord/annotation-doc';
import type { ExportItem, ExportMedium } from '../types.ts';

/** [P3] Reward margin of a pairwise strength (Llama 2 style): 3, 2, 1, 0. */
export const strengthMargins: Record<Strength, number> = {
  significantly_better: 3,
  better: 2,
  slightly_better: 1,
  negligible_or_unsure: 0,
};

/** One ordered preference pair: `chosen` is preferred over `rejected`. */
export interface PreferencePair {
  chosen: ResponseView;
  rejected: ResponseView;
  /** Ranking mode: the ranks (1 = best); null in pairwise mode. */
  chosenRank: number | null;
  rejectedRank: number | null;
  /** Pairwise mode: the strength; null in ranking mode or when not given. */
  strength: Strength | null;
  /** [P3] Pairwise: {@link strengthMargins} of the strength (null without one); ranking: rejectedRank − chosenRank. */
  margin: number | null;
}

/** A preference item ready for the formats: prompt, its images, the responses and the judgement's pairs. */
export interface PreferenceExample {
  doc: PreferenceDoc;
  prompt: string;
  images: ExportMedium[];
  mode: 'pairwise' | 'ranking';
  pairs: PreferencePair[];
}

/** Either an example or why the item cannot be one. */
export type PreferenceResult = { ok: true; example: PreferenceExample } | { ok: false; reason: string };

function pairwisePairs(doc: PreferenceDoc): PreferencePair[] | string {
  const { choice, strength } = doc.judgement;
  if (choice === null) return 'no response chosen';
  const chosen = doc.responses.find((r) => r.id === choice);
  if (!chosen) return `the chosen response ${choice} is not a response of the item`;
  const others = doc.responses.filter((r) => r.id !== choice);
  if (others.length === 0) return 'no other response to reject';
  const margin = strength === null ? null : strengthMargins[strength];
  return others.map((rejected) => ({ chosen, rejected, chosenRank: null, rejectedRank: null, strength, margin }));
}

function rankingPairs(doc: PreferenceDoc): PreferencePair[] | string {
  const ranked = doc.judgement.ranking.flat().flatMap((id) => doc.responses.filter((r) => r.id === id));
  if (ranked.length < 2) return 'fewer than two ranked responses';
  const pairs: PreferencePair[] = [];
  for (const [i, chosen] of ranked.entries()) {
    for (const rejected of ranked.slice(i + 1)) {
      const chosenRank = doc.judgement.ranks[chosen.id] ?? 0;
      const rejectedRank = doc.judgement.ranks[rejected.id] ?? 0;
      if (chosenRank === rejectedRank) continue;
      pairs.push({ chosen, rejected, chosenRank, rejectedRank, strength: null, margin: rejectedRank - chosenRank });
    }
  }
  if (pairs.length === 0) return 'every ranked response is tied';
  return pairs;
}

/**
 * [P1–P2] Reads a preference item: the judgement's mode (the project's `preferenceMode` when the document
 * has none), the prompt images, and its pairs. Pairwise: chosen = the choice, one pair per other response.
 * Ranking: the C(k,2) pairs of the ranked responses, best first, each ordered better → worse; tied pairs are
 * left out. Skips: not a preference item, an empty prompt, no judgement, every pair tied, a prompt medium
 * missing or not an image.
 */
export function readPreferenceExample(item: ExportItem): PreferenceResult {
  const doc = item.annotation;
  if (doc.taskType !== 'preference') return { ok: false, reason: `not a preference item (${doc.taskType})` };
  if (doc.prompt.text.trim() === '') return { ok: false, reason: 'the prompt is empty' };
  const images: ExportMedium[] = [];
  for (const mediaId of doc.prompt.media) {
    const medium = item.media[mediaId];
    if (!medium) return { ok: false, reason: `medium ${mediaId} is missing from the export` };
    if (medium.kind !== 'image') return { ok: false, reason: `medium ${mediaId} is ${medium.kind}, not an image` };
    if (!images.some((image) => image.mediaId === mediaId)) images.push(medium);
  }
  const mode = doc.judgement.mode ?? item.config.preferenceMode;
  const pairs = mode === 'pairwise' ? pairwisePairs(doc) : rankingPairs(doc);
  if (typeof pairs === 'string') return { ok: false, reason: pairs };
  return { ok: true, example: { doc, prompt: doc.prompt.text, images, mode, pairs } };
}

/** The rubric scores of a response (criterion → score), `{}` when not scored. */
export function scoresOf(doc: PreferenceDoc, responseId: string): Record<string, number> {
  return { ...doc.scores[responseId] };
}

/** What a preference formatter says of an example: it writes it (with what it needs), or why not. */
export type ExampleCheck<T extends object> = ({ ok: true } & T) | { ok: false; reason: string };

/**
 * The items a preference formatter writes, each with its example and what `check` found; the others are
 * skipped on `out` with their reason (unreadable item, or `check`'s refusal) [E6].
 * @example for await (const { item, example, conversational } of preferenceExamples(items, out, (e) => trlRowStyle(style, e.images))) …
 */
export async function* preferenceExamples<T extends object>(
  items: AsyncIterable<ExportItem>,
  out: { skip(item: ExportItem, reason: string): void },
  check: (example: PreferenceExample) => ExampleCheck<T>,
): AsyncGenerator<{ item: ExportItem; example: PreferenceExample } & T> {
  for await (const item of items) {
    const read = readPreferenceExample(item);
    if (!read.ok) {
      out.skip(item, read.reason);
      continue;
    }
    const checked = check(read.example);
    if (!checked.ok) {
      out.skip(item, checked.reason);
      continue;
    }
    yield { ...checked, item, example: read.example };
  }
}
