import { pairwisePercentAgreement, type Observation } from '@concord/agreement';
import type { MetricValue } from '@concord/protocol';

/** One participant's observed answer on one item. */
export interface ObservedAnswer {
  userId: string;
  observations: readonly Observation[];
}

/** Kinds whose values are compared for equality in a session (regions and free text are left to the disagreement list). */
const comparedKinds = new Set<Observation['kind']>(['nominal', 'ordinal', 'interval', 'ranking']);

function sameValue(a: Observation, b: Observation): boolean {
  if (a.kind === 'ranking' && b.kind === 'ranking') {
    const keys = Object.keys(a.value);
    return keys.length === Object.keys(b.value).length && keys.every((k) => a.value[k] === b.value[k]);
  }
  return a.value === b.value;
}

/**
 * Pairwise agreement of answers on one item [C5]: for every compared unit (field × unit of a nominal,
 * ordinal, interval or ranking observation) given by at least two answers, every pair of answers counts
 * once, equal values as agreeing. With `of`, only the pairs that include that participant count (their
 * agreement with the others, C7).
 * @example pairwiseCounts([{ userId: 'a', observations }, { userId: 'b', observations }]) // { equal: 3, compared: 4, units: 4, raters: 2 }
 */
export function pairwiseCounts(answers: readonly ObservedAnswer[], of?: string): { equal: number; compared: number; units: number; raters: number } {
  const byUnit = new Map<string, { userId: string; obs: Observation }[]>();
  for (const answer of answers) {
    for (const obs of answer.observations) {
      if (!comparedKinds.has(obs.kind)) continue;
      const key = `${obs.field}\u0000${obs.unit}`;
      const list = byUnit.get(key) ?? [];
      list.push({ userId: answer.userId, obs });
      byUnit.set(key, list);
    }
  }
  let equal = 0;
  let compared = 0;
  let units = 0;
  const raters = new Set<string>();
  for (const list of byUnit.values()) {
    let counted = false;
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i]!;
        const b = list[j]!;
        if (of !== undefined && a.userId !== of && b.userId !== of) continue;
        compared += 1;
        if (sameValue(a.obs, b.obs)) equal += 1;
        raters.add(a.userId).add(b.userId);
        counted = true;
      }
    }
    if (counted) units += 1;
  }
  return { equal, compared, units, raters: raters.size };
}

/** A compared value as a label: rankings by their canonical JSON (keys sorted), the rest as they are. */
function labelOf(obs: Observation): string | number {
  if (obs.kind !== 'ranking') return obs.value as string | number;
  return JSON.stringify(Object.keys(obs.value).sort().map((k) => [k, (obs.value as Record<string, number>)[k]]));
}

/**
 * The live agreement of an item's answers on reveal [C5]: percent agreement (`pairwisePercentAgreement`
 * of @concord/agreement: per unit the share of equal pairs, then the mean over units) over the nominal,
 * ordinal, interval and ranking units given by at least two answers; null (undefined), never 0 or 1,
 * when no unit has two answers.
 */
export function liveAgreement(answers: readonly ObservedAnswer[]): MetricValue {
  const byUnit = new Map<string, (string | number)[]>();
  for (const answer of answers) {
    for (const obs of answer.observations) {
      if (!comparedKinds.has(obs.kind)) continue;
      const key = `${obs.field}\u0000${obs.unit}`;
      byUnit.set(key, [...(byUnit.get(key) ?? []), labelOf(obs)]);
    }
  }
  const mean = pairwisePercentAgreement([...byUnit.values()]);
  const value = Number.isNaN(mean) ? null : mean;
  const { units, raters } = pairwiseCounts(answers);
  return {
    metric: 'percent_agreement',
    value,
    ci: null,
    units,
    raters,
    percentAgreement: value,
    prevalence: null,
    explain:
      value === null
        ? 'Undefined: fewer than two answers gave a value on any compared field.'
        : `Mean share of agreeing pairs of answers over ${units} field${units === 1 ? '' : 's'} (choices, strengths, scores, rankings).`,
  };
}
