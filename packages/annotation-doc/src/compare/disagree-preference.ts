import type { PreferenceDoc } from '../preference/read.ts';
import { fmt } from '../problems.ts';
import { strengths, type Strength } from '../seeds.ts';
import { listValues, valueRule, type Disagreement, type Thresholds, type AnnotationVersion } from './rules.ts';
import { sameValue } from './values.ts';

const words = (value: string) => value.replaceAll('_', ' ');

// A version in ranking mode has no pairwise choice to compare, and the other way round; a version
// without a mode (the project's default applies) is compared on both.
const pairwise = (doc: PreferenceDoc) => doc.judgement.mode !== 'ranking';
const ranked = (doc: PreferenceDoc) => doc.judgement.mode !== 'pairwise';

/** [D6] Score keys `<responseId>:<criterionId>` of all versions: responses in canonical order, then criteria by id. */
function scoreKeys(versions: readonly AnnotationVersion<PreferenceDoc>[]): [string, string][] {
  const responses = versions.flatMap((v) => v.doc.responses.map((r) => r.id));
  const keys = new Map<string, [string, string]>();
  for (const { doc } of versions) {
    for (const [responseId, scores] of Object.entries(doc.scores)) {
      for (const criterionId of Object.keys(scores)) keys.set(`${responseId}:${criterionId}`, [responseId, criterionId]);
    }
  }
  const rank = (id: string) => (responses.includes(id) ? responses.indexOf(id) : responses.length);
  return [...keys.values()].sort(([ra, ca], [rb, cb]) => rank(ra) - rank(rb) || (ra < rb ? -1 : ra > rb ? 1 : 0) || (ca < cb ? -1 : ca > cb ? 1 : 0));
}

function scoreDisagreements(versions: readonly AnnotationVersion<PreferenceDoc>[], t: Thresholds): Disagreement[] {
  return scoreKeys(versions).flatMap(([responseId, criterionId]) =>
    valueRule(versions, {
      field: `scores.${responseId}:${criterionId}`,
      kind: 'score',
      get: (doc) => doc.scores[responseId]?.[criterionId] ?? null,
      // A tolerance, so a delta of 0.1 between 0.3 and 0.2 is not "more than 0.1".
      differ: (a, b) => Math.abs(a - b) - t.rubricDelta > 1e-9,
      message: (values) => {
        const numbers = values.map(([, v]) => v);
        const spread = Math.max(...numbers) - Math.min(...numbers);
        return `the scores of one response on ${criterionId} are ${fmt(spread)} apart, more than ${fmt(t.rubricDelta)} (${listValues(values, fmt)})`;
      },
    }).map((d) => ({ ...d, detail: { ...d.detail, responseId, criterionId } })),
  );
}

/**
 * [D2]–[D6] Disagreements between preference versions: judgement mode, pairwise choice, ranking (by
 * response id), strength (when the choices agree) and rubric scores.
 */
export function preferenceDisagreements(versions: readonly AnnotationVersion<PreferenceDoc>[], t: Thresholds): Disagreement[] {
  return [
    ...valueRule(versions, {
      field: 'judgement.mode',
      kind: 'mode',
      get: (doc) => doc.judgement.mode,
      differ: (a, b) => a !== b,
      message: (values) => `the versions judge in different modes (${listValues(values, String)})`,
    }),
    ...valueRule(versions, {
      field: 'judgement.choice',
      kind: 'choice',
      get: (doc) => (pairwise(doc) ? doc.judgement.choice : null),
      differ: (a, b) => a !== b,
      message: () => 'the versions chose different responses',
    }),
    ...valueRule<PreferenceDoc, { choice: string; strength: Strength }>(versions, {
      field: 'judgement.strength',
      kind: 'strength',
      get: (doc) => {
        const { choice, strength } = doc.judgement;
        return pairwise(doc) && choice !== null && strength !== null ? { choice, strength } : null;
      },
      differ: (a, b) => a.choice === b.choice && Math.abs(strengths.indexOf(a.strength) - strengths.indexOf(b.strength)) > 1,
      message: (values) => `the versions chose the same response with strengths more than one step apart (${listValues(values, (v) => words(v.strength))})`,
    }),
    ...valueRule(versions, {
      field: 'judgement.ranking',
      kind: 'ranking',
      // By response id, ties as sets: each annotator saw the responses in their own order [A6].
      get: (doc) => (ranked(doc) && doc.judgement.ranking.length > 0 ? doc.judgement.ranking.map((group) => [...group].sort()) : null),
      differ: (a, b) => !sameValue(a, b),
      message: () => 'the versions rank the responses in different orders',
    }),
    ...scoreDisagreements(versions, t),
  ];
}
