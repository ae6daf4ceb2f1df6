import type { AnnotatorQuality, MetricValue, QualityFlag, QualityReport } from '@concord/protocol';
import { describeMetric, formatMetric } from './format.ts';

/** Which number a heat map shows: agreement with the others (what flags use) or with their consensus. */
export type HeatMeasure = 'agreement' | 'vsConsensus';

/** One annotator × slice cell: the agreement the flags use, and the open flags on that slice. */
export interface HeatCell {
  slice: string;
  /** Null when the annotator has no annotation in the slice (nothing compared). */
  agreement: MetricValue | null;
  /** Agreement with the consensus (majority or median of the others). */
  vsConsensus: MetricValue | null;
  gold: MetricValue | null;
  flags: QualityFlag[];
}

/** One annotator's row of the heat map. */
export interface HeatRow {
  userId: string;
  name: string;
  annotations: number;
  flagged: boolean;
  cells: HeatCell[];
}

/**
 * The slices as columns: `*` (all items) first, then the report's slices, then any slice only an
 * annotator's numbers name.
 * @example heatSlices(report) // ['*', 'hard', 'easy']
 */
export function heatSlices(report: Pick<QualityReport, 'slices' | 'annotators'>): string[] {
  const slices = ['*'];
  const add = (slice: string) => {
    if (!slices.includes(slice)) slices.push(slice);
  };
  for (const s of report.slices) add(s.slice);
  for (const a of report.annotators) for (const s of a.slices) add(s.slice);
  return slices;
}

/**
 * Rows of annotators × columns of slices; flagged annotators first, then by name.
 * @example heatRows(report, heatSlices(report))[0].cells[0].agreement?.value // 0.42
 */
export function heatRows(annotators: readonly AnnotatorQuality[], slices: readonly string[]): HeatRow[] {
  return annotators
    .map((a) => ({
      userId: a.userId,
      name: a.name,
      annotations: a.annotations,
      flagged: a.openFlags.length > 0,
      cells: slices.map((slice) => {
        const numbers = a.slices.find((s) => s.slice === slice);
        return {
          slice,
          agreement: numbers?.agreement ?? null,
          vsConsensus: numbers?.vsConsensus ?? null,
          gold: numbers?.gold ?? null,
          flags: a.openFlags.filter((f) => f.slice === slice && f.state === 'open'),
        };
      }),
    }))
    .sort((p, q) => Number(q.flagged) - Number(p.flagged) || p.name.localeCompare(q.name));
}

/** How a slice is named to people (`*` is every item). */
export function sliceLabel(slice: string): string {
  return slice === '*' ? 'All items' : slice;
}

/**
 * What a flag says, in one sentence: reason, slice, value against threshold on how many units, since when.
 * @example flagSummary(flag) // 'Agreement 0.31 below the threshold 0.75 on hard (14 units), raised 2030-01-20 10:00 UTC.'
 */
export function flagSummary(flag: QualityFlag): string {
  const what = flag.reason === 'agreement' ? 'Agreement' : 'Gold accuracy';
  const value = formatMetric(flag.metric, flag.value);
  const threshold = formatMetric(flag.metric, flag.threshold);
  const raised = flag.raisedAt.slice(0, 16).replace('T', ' ');
  return `${what} ${value} below the threshold ${threshold} on ${sliceLabel(flag.slice)} (${flag.units} ${flag.units === 1 ? 'unit' : 'units'}), raised ${raised} UTC.`;
}

/**
 * A heat map cell's hover text: whose number on which slice, everything about the number, and its flags.
 * @example cellDescription({ name: 'Ana', cell }) // 'Ana on hard: Cohen’s κ = 0.31, … Flagged: Agreement 0.31 below …'
 */
export function cellDescription(options: { name: string; cell: HeatCell; show?: HeatMeasure }): string {
  const { cell } = options;
  const value = cell[options.show ?? 'agreement'];
  const head = `${options.name} on ${sliceLabel(cell.slice)}${options.show === 'vsConsensus' ? ', against the consensus' : ''}: `;
  const body = value ? describeMetric(value) : 'no annotations compared in this window.';
  const flags = cell.flags.map((f) => ` Flagged: ${flagSummary(f)}`).join('');
  return `${head}${body}${flags}`;
}
