import type { MetricValue, QualityFlag, QualityReport } from '@concord/protocol';

/** A metric value for tests, with every field a reader needs; override what the test is about. */
export function metric(overrides: Partial<MetricValue> = {}): MetricValue {
  return {
    metric: 'cohen_kappa',
    value: 0.72,
    ci: [0.61, 0.8],
    units: 42,
    raters: 2,
    percentAgreement: 0.88,
    prevalence: { A: 0.7, B: 0.3 },
    explain: 'Cohen’s kappa of the better response over items both annotators judged.',
    ...overrides,
  };
}

/** An open agreement flag for tests. */
export function flag(overrides: Partial<QualityFlag> = {}): QualityFlag {
  return {
    id: 'qfl_1',
    projectId: 'prj_1',
    userId: 'usr_ana',
    userName: 'Ana',
    slice: 'hard',
    reason: 'agreement',
    metric: 'cohen_kappa',
    value: 0.31,
    threshold: 0.75,
    units: 14,
    state: 'open',
    raisedAt: '2030-01-20T10:00:00.000Z',
    clearedAt: null,
    clearedBySession: null,
    clearedBy: null,
    clearNote: null,
    ...overrides,
  };
}

const undefinedKappa = metric({
  value: null,
  ci: null,
  units: 3,
  percentAgreement: 1,
  prevalence: { A: 1 },
  explain: 'Undefined: every rating was the same label, so chance agreement is 1.',
});

/**
 * A preference project's report: slices `*`, `hard`, `easy`; Ana flagged on `hard`, Bo with an
 * undefined number on `easy` (no variance), a position-biased Cy; a timeline with a gap.
 */
export function fixtureReport(): QualityReport {
  const anaFlag = flag();
  return {
    projectId: 'prj_1',
    taskType: 'preference',
    generatedAt: '2030-01-21T09:30:00.000Z',
    window: { from: '2029-10-23T00:00:00.000Z', to: '2030-01-21T00:00:00.000Z' },
    settings: {
      agreementThreshold: 0.75,
      goldAccuracyThreshold: 0.8,
      goldRatePercent: 10,
      minUnits: 10,
      windowDays: 90,
      pauseFlagged: false,
      tooFastSeconds: 10,
    },
    overall: {
      slice: '*',
      items: 60,
      annotations: 130,
      headline: metric(),
      fields: [
        {
          field: 'judgement.choice',
          kind: 'nominal',
          primary: metric(),
          others: [metric({ metric: 'alpha_nominal', value: 0.7 })],
          confusion: { labels: ['A', 'B'], counts: [[30, 5], [5, 12]] },
        },
        { field: 'rationale', kind: 'text', primary: metric({ metric: 'text_similarity', value: 0.55, percentAgreement: null, prevalence: null }), others: [], confusion: null },
      ],
      gold: metric({ metric: 'gold_accuracy', value: 0.84, ci: [0.7, 0.93], units: 25, percentAgreement: null, prevalence: null }),
    },
    slices: [
      { slice: 'hard', items: 20, annotations: 44, headline: metric({ value: 0.41, ci: [0.2, 0.6], units: 20 }), fields: [], gold: null },
      { slice: 'easy', items: 40, annotations: 86, headline: undefinedKappa, fields: [], gold: null },
    ],
    annotators: [
      {
        userId: 'usr_bo',
        name: 'Bo',
        annotations: 50,
        slices: [
          { slice: '*', agreement: metric({ value: 0.9 }), vsConsensus: metric({ value: 0.92 }), gold: metric({ metric: 'gold_accuracy', value: 0.95, percentAgreement: null, prevalence: null }) },
          { slice: 'easy', agreement: undefinedKappa, vsConsensus: undefinedKappa, gold: null },
        ],
        bias: { firstShownRate: 0.52, tieRate: 0.1, longerChosenRate: 0.5, medianSeconds: 45, tooFast: 0, judgements: 50 },
        openFlags: [],
      },
      {
        userId: 'usr_ana',
        name: 'Ana',
        annotations: 40,
        slices: [
          { slice: '*', agreement: metric({ value: 0.6 }), vsConsensus: metric({ value: 0.62 }), gold: null },
          { slice: 'hard', agreement: metric({ value: 0.31, ci: [0.05, 0.52], units: 14 }), vsConsensus: metric({ value: 0.35 }), gold: null },
        ],
        bias: { firstShownRate: 0.8, tieRate: 0.05, longerChosenRate: 0.55, medianSeconds: 6, tooFast: 12, judgements: 40 },
        openFlags: [anaFlag],
      },
    ],
    pairs: [{ a: 'usr_ana', b: 'usr_bo', agreement: metric({ value: 0.58 }) }],
    timeline: [
      { slice: 'hard', bucket: '2030-01-06', value: 0.5, ci: [0.3, 0.7], units: 8 },
      { slice: '*', bucket: '2030-01-13', value: 0.7, ci: [0.6, 0.8], units: 30 },
      { slice: '*', bucket: '2030-01-06', value: 0.75, ci: [0.65, 0.85], units: 30 },
      { slice: 'hard', bucket: '2030-01-13', value: null, ci: null, units: 1 },
      { slice: 'hard', bucket: '2030-01-20', value: 0.4, ci: null, units: 12 },
    ],
    flags: [anaFlag],
  };
}
