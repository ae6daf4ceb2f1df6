import type { AnnotatorQuality, AnnotatorSlice, QualityReport, QualitySettings, SliceAgreement } from '@concord/protocol';
import type { Submission } from '../observe/types.ts';
import { againstConsensus, againstOthers, pairAgreements } from './annotator.ts';
import { biasSignals } from './bias.ts';
import { createFieldContext, fieldAgreement, type FieldContext } from './field.ts';
import { goldAccuracy } from './gold.ts';
import { headlineOf } from './headline.ts';
import { sliceIndexOf, submissionsIn, unitsBySlice, type SliceIndex } from './slices.ts';
import { selectSubmissions, tableOf, windowOf, type FieldData, type Unit } from './table.ts';
import { timelineOf } from './timeline.ts';

/** What {@link qualityReport} needs besides the submissions. */
export interface QualityReportOptions {
  taskType: QualityReport['taskType'];
  settings: QualitySettings;
  /** User id → display name (ids without a name are shown as ids). */
  names: Record<string, string>;
  /** Epoch milliseconds: `generatedAt`, and the window's default end. */
  now: number;
  /** Seed of every bootstrap interval (default 1): the same input gives the same report. */
  seed?: number;
  /** Window (epoch ms, both ends included); default the last `settings.windowDays` days up to `now`. */
  from?: number;
  to?: number;
}

/** A QualityReport as computed here; the server adds `projectId` and `flags`, and fills annotators' `openFlags`. */
export type ComputedQualityReport = Omit<QualityReport, 'projectId' | 'flags'>;

interface Context {
  index: SliceIndex;
  headline: FieldData;
  names: Record<string, string>;
  ctx: FieldContext;
}

function sliceAgreement(c: Context, slice: string, partitions: Map<FieldData, Map<string, Unit[]>>, submissions: readonly Submission[]): SliceAgreement {
  const subs = submissionsIn(c.index, slice, submissions);
  const fields = [...partitions].flatMap(([data, bySlice]) => {
    const units = bySlice.get(slice) ?? [];
    return units.length === 0 ? [] : [fieldAgreement(data, units, c.ctx)];
  });
  const headline = fields.find((f) => f.field === c.headline.field)?.primary ?? fieldAgreement(c.headline, [], c.ctx).primary;
  return {
    slice,
    items: new Set(subs.map((s) => s.itemId)).size,
    annotations: subs.length,
    headline,
    fields,
    gold: goldAccuracy(subs, { subject: `the ${slice === '*' ? 'project' : `"${slice}" slice`}`, ctx: c.ctx }),
  };
}

/** Each slice's headline units grouped by the annotators who rated them. */
function unitsByRater(units: readonly Unit[]): Map<string, Unit[]> {
  const byRater = new Map<string, Unit[]>();
  for (const u of units) {
    for (const r of u.ratings) {
      const list = byRater.get(r.rater) ?? [];
      list.push(u);
      byRater.set(r.rater, list);
    }
  }
  return byRater;
}

function annotatorQuality(c: Context, rater: string, own: readonly Submission[], headlineBySlice: Map<string, Map<string, Unit[]>>, settings: QualitySettings): AnnotatorQuality {
  const subject = { field: c.headline, names: c.names, ctx: c.ctx };
  const ownBySlice = new Map<string, Submission[]>();
  for (const s of own) {
    for (const slice of c.index.slicesOf(s.itemId)) {
      const list = ownBySlice.get(slice) ?? [];
      list.push(s);
      ownBySlice.set(slice, list);
    }
  }
  const slices = c.index.slices
    .filter((slice) => ownBySlice.has(slice))
    .map((slice): AnnotatorSlice => {
      const units = headlineBySlice.get(slice)?.get(rater) ?? [];
      return {
        slice,
        agreement: againstOthers(subject, units, rater),
        vsConsensus: againstConsensus(subject, units, rater),
        gold: goldAccuracy(ownBySlice.get(slice) ?? [], { subject: c.names[rater] ?? rater, ctx: c.ctx }),
      };
    });
  return { userId: rater, name: c.names[rater] ?? rater, annotations: own.length, slices, bias: biasSignals(own, settings.tooFastSeconds), openFlags: [] };
}

/**
 * [Q1]–[Q12] The quality report of a project's annotations: agreement per slice and field, per annotator
 * (against the others, against consensus, gold accuracy, bias), per pair of annotators, and per week.
 * Pure and deterministic: the same submissions and options give the same report.
 *
 * @example
 * const report = qualityReport(rows.map(toSubmission), { taskType: 'preference', settings, names, now: Date.now() });
 * return { ...report, projectId, flags };
 */
export function qualityReport(submissions: readonly Submission[], options: QualityReportOptions): ComputedQualityReport {
  const window = windowOf(options);
  const selected = selectSubmissions(submissions, window);
  const table = tableOf(selected);
  const wanted = headlineOf(options.taskType, selected);
  const headline = table.get(wanted.field) ?? { ...wanted, units: [] };
  const c: Context = { index: sliceIndexOf(selected), headline, names: options.names, ctx: createFieldContext(options.seed ?? 1) };
  const partitions = new Map([...table.values()].map((data) => [data, unitsBySlice(c.index, data.units)]));
  const slices = c.index.slices.map((slice) => sliceAgreement(c, slice, partitions, selected));
  const headlineBySlice = partitions.get(headline) ?? unitsBySlice(c.index, headline.units);
  const headlineByRater = new Map([...headlineBySlice].map(([slice, units]) => [slice, unitsByRater(units)]));
  const byRater = new Map<string, Submission[]>();
  for (const s of selected) {
    const list = byRater.get(s.raterId) ?? [];
    list.push(s);
    byRater.set(s.raterId, list);
  }
  const raters = [...byRater.keys()].sort((a, b) => (options.names[a] ?? a).localeCompare(options.names[b] ?? b) || (a < b ? -1 : 1));
  return {
    taskType: options.taskType,
    generatedAt: new Date(options.now).toISOString(),
    window: { from: new Date(window.from).toISOString(), to: new Date(window.to).toISOString() },
    settings: options.settings,
    overall: slices[0] as SliceAgreement,
    slices: slices.slice(1),
    annotators: raters.map((rater) => annotatorQuality(c, rater, byRater.get(rater) ?? [], headlineByRater, options.settings)),
    pairs: pairAgreements({ field: headline, names: options.names, ctx: c.ctx }, headline.units),
    timeline: c.index.slices.flatMap((slice) => timelineOf(slice, headline, headlineBySlice.get(slice) ?? [], c.ctx)),
  };
}
