import type { MetricValue, QualityReport, QualitySettings } from '@concord/protocol';
import type { Submission } from '../observe/types.ts';
import { againstOthers } from './annotator.ts';
import { createFieldContext } from './field.ts';
import { goldAccuracy } from './gold.ts';
import { headlineOf } from './headline.ts';
import { sliceIndexOf, submissionsIn, unitsIn } from './slices.ts';
import { selectSubmissions, tableOf, windowOf } from './table.ts';

/** What {@link annotatorStanding} needs. */
export interface StandingOptions {
  userId: string;
  /** The slices to report (usually `*` and the tags of the item just submitted). */
  slices: readonly string[];
  settings: QualitySettings;
  taskType: QualityReport['taskType'];
  /** Epoch ms; the window is the last `settings.windowDays` days up to it. */
  now: number;
  seed?: number;
  names?: Record<string, string>;
}

/** One annotator's numbers on one slice, as flags read them. */
export interface Standing {
  slice: string;
  /** Agreement with the others on the headline field (the same number as the report's `annotators[].slices[].agreement`). */
  agreement: MetricValue;
  /** Gold accuracy, null without gold items. */
  gold: MetricValue | null;
}

/**
 * [Q13] One annotator's standing per slice: the part of {@link qualityReport} that flags need, computed from the
 * headline field only, so it is cheap enough to run after every submission. Equal to the report's numbers for
 * the same submissions, window and seed.
 *
 * @example
 * for (const s of annotatorStanding(rows, { userId, slices: ['*', ...tags], settings, taskType, now }))
 *   if (s.agreement.value !== null && s.agreement.units >= settings.minUnits && s.agreement.value < settings.agreementThreshold) raise(s);
 */
export function annotatorStanding(submissions: readonly Submission[], options: StandingOptions): Standing[] {
  const selected = selectSubmissions(submissions, windowOf(options));
  const wanted = headlineOf(options.taskType, selected);
  const headlineOnly = selected.map((s) => ({ ...s, observations: s.observations.filter((o) => o.field === wanted.field) }));
  const headline = tableOf(headlineOnly).get(wanted.field) ?? { ...wanted, units: [] };
  const index = sliceIndexOf(selected);
  const ctx = createFieldContext(options.seed ?? 1);
  const names = options.names ?? {};
  const own = selected.filter((s) => s.raterId === options.userId);
  return options.slices.map((slice) => {
    const units = unitsIn(index, slice, headline.units).filter((u) => u.ratings.some((r) => r.rater === options.userId));
    return {
      slice,
      agreement: againstOthers({ field: headline, names, ctx }, units, options.userId),
      gold: goldAccuracy(submissionsIn(index, slice, own), { subject: names[options.userId] ?? options.userId, ctx }),
    };
  });
}
