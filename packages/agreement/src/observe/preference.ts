import type { PreferenceDoc, ProjectConfig, Strength } from '@concord/annotation-doc';
import type { Observation, PreferenceSignals } from './types.ts';

/**
 * [O2] How strongly the choice is preferred, 1 (negligibly better or unsure) … 4 (significantly better).
 * Keyed by every strength of @concord/annotation-doc, so a new strength fails to compile here.
 */
export const strengthLevels: Record<Strength, number> = {
  negligible_or_unsure: 1,
  slightly_better: 2,
  better: 3,
  significantly_better: 4,
};

const strengthScale = { min: 1, max: 4 };
/** [O3] Signed preference for the canonical first response: −3 … +3, 0 = unsure. */
const preferenceScale = { min: -3, max: 3 };

/**
 * [O1] A response as observations name it: its canonical position, `r1`, `r2` … Every copy of an item (and
 * its gold answer, built separately from the same seed) lists the responses in the same canonical order,
 * while response ids are minted per document; and labels shared by all items keep chance agreement meaningful.
 */
export function responseKey(index: number): string {
  return `r${index + 1}`;
}

function keysById(view: PreferenceDoc): Map<string, string> {
  return new Map(view.responses.map((response, index) => [response.id, responseKey(index)]));
}

/** [O2] [O3] Pairwise: the choice, its strength, and both on one signed scale when there are two responses. */
function pairwise(view: PreferenceDoc, keys: Map<string, string>): Observation[] {
  const { choice, strength } = view.judgement;
  const chosen = choice === null ? undefined : keys.get(choice);
  if (chosen === undefined) return [];
  const out: Observation[] = [{ field: 'judgement.choice', unit: '', kind: 'nominal', value: chosen }];
  if (strength === null) return out;
  const level = strengthLevels[strength];
  out.push({ field: 'judgement.strength', unit: '', kind: 'ordinal', value: level, scale: strengthScale });
  if (view.responses.length === 2) {
    const sign = chosen === responseKey(0) ? 1 : -1;
    out.push({ field: 'judgement.preference', unit: '', kind: 'ordinal', value: level === 1 ? 0 : sign * (level - 1), scale: preferenceScale });
  }
  return out;
}

/** [O4] Ranking: the ranks of the ranked responses, and the best one when it is unique. */
function ranking(view: PreferenceDoc, keys: Map<string, string>): Observation[] {
  const ranks: Record<string, number> = {};
  view.judgement.ranking.forEach((group, index) => {
    for (const id of group) {
      const key = keys.get(id);
      // Ranks are dense group positions: ranks 1, 3 with nothing at 2 mean first and second.
      if (key !== undefined) ranks[key] = index + 1;
    }
  });
  if (Object.keys(ranks).length < 2) return [];
  const out: Observation[] = [{ field: 'judgement.ranking', unit: '', kind: 'ranking', value: ranks }];
  const best = Object.entries(ranks).filter(([, rank]) => rank === 1);
  if (best.length === 1 && best[0]) out.push({ field: 'judgement.top', unit: '', kind: 'nominal', value: best[0][0] });
  return out;
}

/** [O5] Rubric scores of the configured criteria, one unit per response. */
function scores(view: PreferenceDoc, config: ProjectConfig, keys: Map<string, string>): Observation[] {
  const out: Observation[] = [];
  for (const criterion of config.rubric) {
    for (const response of view.responses) {
      const value = view.scores[response.id]?.[criterion.id];
      const key = keys.get(response.id);
      if (value === undefined || key === undefined) continue;
      out.push({ field: `scores.${criterion.id}`, unit: key, kind: 'ordinal', value, scale: { min: criterion.min, max: criterion.max } });
    }
  }
  return out;
}

/** The judging mode of this annotation: the document's own, else the project's. */
export function judgementModeOf(view: PreferenceDoc, config: ProjectConfig): 'pairwise' | 'ranking' {
  return view.judgement.mode ?? config.preferenceMode;
}

/** [O2]–[O6] The comparable parts of a preference annotation. */
export function observePreference(view: PreferenceDoc, config: ProjectConfig): Observation[] {
  const keys = keysById(view);
  const judgement = judgementModeOf(view, config) === 'pairwise' ? pairwise(view, keys) : ranking(view, keys);
  const rationale = view.rationale.trim();
  const text: Observation[] = rationale === '' ? [] : [{ field: 'rationale', unit: '', kind: 'text', value: rationale }];
  return [...judgement, ...scores(view, config, keys), ...text];
}

/** Whether the response at `index` is strictly longer than every other (true), shorter than one (false), or tied for longest (null). */
function longest(view: PreferenceDoc, index: number): boolean | null {
  const length = view.responses[index]?.text.length ?? 0;
  const others = view.responses.filter((_, i) => i !== index).map((r) => r.text.length);
  const max = Math.max(...others);
  return length > max ? true : length < max ? false : null;
}

/**
 * [O7] Position and length bias signals of a preference annotation, in canonical keys: the response shown
 * first (from `shownOrder`, the annotator's display order of response ids), the chosen (pairwise) or unique
 * top-ranked response, whether the judgement is a tie (negligible strength; several responses ranked first).
 */
export function preferenceSignals(view: PreferenceDoc, config: ProjectConfig, shownOrder: readonly string[] | undefined): PreferenceSignals {
  const keys = keysById(view);
  const first = shownOrder?.[0];
  const shownFirst = first === undefined ? null : (keys.get(first) ?? null);
  let chosen: string | null = null;
  let tie = false;
  if (judgementModeOf(view, config) === 'pairwise') {
    const { choice, strength } = view.judgement;
    chosen = choice === null ? null : (keys.get(choice) ?? null);
    tie = strength === 'negligible_or_unsure';
  } else {
    const top = view.judgement.ranking[0] ?? [];
    if (top.length === 1 && top[0] !== undefined) chosen = keys.get(top[0]) ?? null;
    tie = top.length > 1;
  }
  const index = chosen === null ? -1 : view.responses.findIndex((_, i) => responseKey(i) === chosen);
  return { shownFirst, chosen, tie, chosenLonger: index < 0 || view.responses.length < 2 ? null : longest(view, index) };
}
