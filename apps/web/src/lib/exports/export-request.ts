import { exportRequestSchema, type ExportFormat, type ExportRequest, type ItemState } from '@concord/protocol';

/** What the export form holds, as the controls give it (dates as `YYYY-MM-DD`, shares as numbers). */
export interface ExportFormValues {
  format: ExportFormat | null;
  states: ItemState[];
  slices: string[];
  /** First day (inclusive), `YYYY-MM-DD` or ''. */
  from: string;
  /** Last day (inclusive), `YYYY-MM-DD` or ''. */
  to: string;
  annotators: string[];
  gold: 'include' | 'only' | 'exclude';
  train: number;
  validation: number;
  test: number;
  media: 'copy' | 'url';
  provenance: boolean;
}

/** The form's problems by control (`format`, `states`, `dates`, `splits`); empty when it can be sent. */
export type ExportFormProblems = Partial<Record<'format' | 'states' | 'dates' | 'splits', string>>;

/** The form's starting values: accepted items, all slices and annotators, 100 % train, media copied, provenance on. */
export function defaultExportForm(format: ExportFormat | null): ExportFormValues {
  return { format, states: ['accepted'], slices: [], from: '', to: '', annotators: [], gold: 'include', train: 1, validation: 0, test: 0, media: 'copy', provenance: true };
}

const day = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Checks the form as people fill it: a format, at least one state, a date range that is not reversed,
 * split shares between 0 and 1 that sum to 1 (to within rounding of what a number input gives).
 * @example exportFormProblems({ ...defaultExportForm('trl-dpo'), train: 0.8, validation: 0.1, test: 0 }).splits // 'Train, validation and test must add up to 1 (now 0.9).'
 */
export function exportFormProblems(values: ExportFormValues): ExportFormProblems {
  const problems: ExportFormProblems = {};
  if (!values.format) problems.format = 'Pick a format.';
  if (values.states.length === 0) problems.states = 'Pick at least one item state.';
  if ((values.from && !day.test(values.from)) || (values.to && !day.test(values.to))) problems.dates = 'Dates must be full days (YYYY-MM-DD).';
  else if (values.from && values.to && values.from > values.to) problems.dates = 'The first day is after the last day.';
  const shares = [values.train, values.validation, values.test];
  if (shares.some((s) => !Number.isFinite(s) || s < 0 || s > 1)) problems.splits = 'Each share must be a number between 0 and 1.';
  else {
    const sum = shares.reduce((a, b) => a + b, 0);
    if (Math.abs(sum - 1) > 1e-6) problems.splits = `Train, validation and test must add up to 1 (now ${Number(sum.toFixed(4))}).`;
  }
  return problems;
}

/**
 * The ExportRequest the form describes (checked by the protocol's schema), or the form's problems.
 * Days become UTC instants: `from` at the day's start, `to` at its last millisecond (both inclusive, X1).
 * Shares are rescaled so they sum to exactly 1 (0.7 + 0.2 + 0.1 is not 1 in floating point).
 */
export function buildExportRequest(values: ExportFormValues): { request: ExportRequest } | { problems: ExportFormProblems } {
  const problems = exportFormProblems(values);
  if (Object.keys(problems).length > 0 || !values.format) return { problems };
  const sum = values.train + values.validation + values.test;
  const validation = values.validation / sum;
  const test = values.test / sum;
  const parsed = exportRequestSchema.safeParse({
    format: values.format,
    filters: {
      states: values.states,
      slices: values.slices,
      ...(values.from ? { from: `${values.from}T00:00:00.000Z` } : {}),
      ...(values.to ? { to: `${values.to}T23:59:59.999Z` } : {}),
      annotators: values.annotators,
      gold: values.gold,
    },
    splits: { train: 1 - validation - test, validation, test },
    media: values.media,
    provenance: values.provenance,
  });
  if (!parsed.success) return { problems: { format: parsed.error.issues.map((i) => i.message).join('; ') } };
  return { request: parsed.data };
}
