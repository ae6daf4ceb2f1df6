import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import AgreementChart from './AgreementChart.svelte';
import BiasTable from './BiasTable.svelte';
import CalibrationHistory from './CalibrationHistory.svelte';
import ConfusionMatrix from './ConfusionMatrix.svelte';
import { fixtureReport, metric } from './fixtures.ts';
import HeatMap from './HeatMap.svelte';
import { heatSlices } from './heat-map.ts';
import MetricNumber from './MetricNumber.svelte';
import PairsTable from './PairsTable.svelte';
import SlicesTable from './SlicesTable.svelte';

// Server rendering in node: markup and attributes (effects do not run).
const xss = '<img src=x onerror=alert(1)>';

describe('MetricNumber', () => {
  it('shows the value with its interval and describes it for hover and screen readers', () => {
    const body = render(MetricNumber, { props: { value: metric(), ci: true } }).body;
    expect(body).toContain('0.72');
    expect(body).toContain('[0.61, 0.80]');
    expect(body).toContain('role="tooltip"');
    expect(body).toContain('on 42 units, 2 raters');
    expect(body).toMatch(/aria-describedby="[^"]+-tip"/);
  });

  it('shows "undefined" and why, never 0', () => {
    const body = render(MetricNumber, { props: { value: metric({ value: null, ci: null, explain: `No variance ${xss}` }), ci: true } }).body;
    expect(body).toMatch(/>\s*undefined\s*</);
    expect(body).toContain('No variance &lt;img');
    expect(body).not.toContain('<img');
    expect(body).not.toMatch(/>\s*0(\.00)?\s*</);
  });

  it('tells a missing number apart from an undefined one', () => {
    expect(render(MetricNumber, { props: { value: null, missing: 'no gold items' } }).body).toContain('no gold items');
  });
});

describe('dashboard tables', () => {
  it('[F1] marks the flagged annotator’s cell, hatches the undefined one, colours the others', () => {
    const report = fixtureReport();
    const body = render(HeatMap, { props: { annotators: report.annotators, slices: heatSlices(report), threshold: 0.75 } }).body;
    expect(body).toMatch(/data-testid="heat-row" data-user-id="usr_ana" data-flagged="true"/);
    expect(body).toMatch(/data-slice="hard" data-flagged="true" class="[^"]*\bflagged\b/);
    expect(body).toMatch(/data-slice="easy" data-flagged="false" class="[^"]*\bundefined\b[^>]*>.*?>undefined</);
    expect(body).toMatch(/data-slice="hard" data-flagged="false" class="[^"]*\bempty\b/);
    expect(body).toContain('background: hsl(');
    expect(body).toContain('Flagged: Agreement 0.31 below the threshold 0.75 on hard (14 units)');
  });

  it('puts percent agreement, prevalence and the Landis–Koch band beside each slice’s kappa', () => {
    const report = fixtureReport();
    const body = render(SlicesTable, { props: { slices: [report.overall, ...report.slices], threshold: 0.75 } }).body;
    expect(body).toContain('substantial');
    expect(body).toContain('moderate');
    expect(body).toContain('88.0 %');
    expect(body).toContain('A 70 %, B 30 %');
    expect(body).toContain('[0.20, 0.60]');
    expect(body).toContain('84.0 %');
    expect(body).toContain('no gold items');
  });

  it('shades a confusion matrix’s counts', () => {
    const body = render(ConfusionMatrix, { props: { field: 'judgement.choice', labels: ['A', 'B'], counts: [[30, 5], [5, 12]] } }).body;
    expect(body).toContain('52 in all');
    expect(body).toContain('A with B: 5 pairs of ratings');
    expect(body).toContain('background: hsl(212 60% 46%)');
  });

  it('warns of the position-biased and too-fast annotator only', () => {
    const report = fixtureReport();
    const body = render(BiasTable, { props: { annotators: report.annotators, tooFastSeconds: 10 } }).body;
    expect(body).toMatch(/data-user-id="usr_ana" data-warnings="3"/);
    expect(body).toMatch(/data-user-id="usr_bo" data-warnings="0"/);
    expect(body).toContain('position bias');
  });

  it('lists pairs by name, lowest agreement first', () => {
    const report = fixtureReport();
    const low = { a: 'usr_bo', b: 'usr_cy', agreement: metric({ value: 0.1 }) };
    const body = render(PairsTable, { props: { pairs: [...report.pairs, low], annotators: report.annotators } }).body;
    expect(body.indexOf('Bo &amp; usr_cy')).toBeLessThan(body.indexOf('Ana &amp; Bo'));
  });
});

describe('AgreementChart', () => {
  it('draws a line and a band per slice, the threshold and a legend', () => {
    const report = fixtureReport();
    const body = render(AgreementChart, { props: { timeline: report.timeline, threshold: 0.75, metric: 'cohen_kappa' } }).body;
    expect(body.match(/data-testid="series-line"/g)).toHaveLength(2);
    expect(body).toMatch(/data-testid="ci-band" data-slice="\*"/);
    expect(body).toContain('data-testid="threshold-line"');
    expect(body).toContain('data-testid="legend-hard"');
    expect(body).toContain('week of 2030-01-06: 0.50 [0.30, 0.70] on 8 units');
    expect(body).toMatch(/class="undefined-mark[^"]*"[^>]*><title>hard, week of 2030-01-13: undefined on 1 unit<\/title>/);
  });

  it('says when nothing was compared yet', () => {
    expect(render(AgreementChart, { props: { timeline: [], threshold: 0.75, metric: 'cohen_kappa' } }).body).toContain('chart-empty');
  });
});

describe('CalibrationHistory', () => {
  it('[C8] shows each participant’s sessions with accuracy and pass, explained on hover', () => {
    const base = { projectId: 'prj_1', trainerId: 'usr_t', state: 'ended' as const, itemIds: [], currentIndex: 0, currentItemId: null, revealed: false };
    const rest = { myDocumentId: null, notesDocumentId: null, participants: [], passThreshold: 0.8, createdAt: '2030-01-01T00:00:00.000Z' };
    const sessions = [
      { ...base, ...rest, id: 'cal_1', title: 'Safety refresher', endedAt: '2030-01-10T10:00:00.000Z', results: [{ userId: 'usr_ana', name: 'Ana', items: 3, agreement: 0.4, accuracy: 0.5, passed: false, clearedFlags: [] }] },
      { ...base, ...rest, id: 'cal_2', title: 'Safety again', endedAt: '2030-01-20T10:00:00.000Z', results: [{ userId: 'usr_ana', name: 'Ana', items: 3, agreement: null, accuracy: 1, passed: true, clearedFlags: ['qfl_1'] }] },
    ];
    const body = render(CalibrationHistory, { props: { sessions } }).body;
    expect(body.match(/data-testid="calibration-entry"/g)).toHaveLength(2);
    expect(body).toMatch(/2030-01-10 · 50 % · not passed[\s\S]*2030-01-20 · 100 % · passed/);
    expect(body).toContain('Safety again, ended 2030-01-20: 3 items answered; accuracy against gold 100.0 %; agreement with the others undefined; passed, cleared 1 flag.');
  });
});
