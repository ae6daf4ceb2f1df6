import type { QualityFlag, QualityReport, QueueCounts } from '@concord/protocol';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api.ts';
import { fixtureReport, flag } from './fixtures.ts';
import type { CalibrationWithResults } from './calibration-history.ts';
import type { DownloadedFile } from '../save-file.ts';
import { QualityDashboard } from './quality-dashboard.svelte.ts';
import type { ReportWindow } from './report-window.ts';

const counts = (projectId: string): QueueCounts => ({
  projectId,
  byState: { todo: 1, in_progress: 0, submitted: 0, in_review: 0, in_qa: 0, validated: 0, accepted: 0, rejected: 0 },
  awaitingReview: 0,
  openDisputes: 0,
});

function fakeApi(report: () => QualityReport = fixtureReport) {
  const windows: (ReportWindow | null)[] = [];
  const api = {
    report: vi.fn(async (_projectId: string, window: ReportWindow | null) => {
      windows.push(window);
      return report();
    }),
    flags: vi.fn(async (_projectId: string, _state: 'open' | 'cleared') => ({ items: [flag({ state: 'cleared', clearNote: 'Retrained' })] })),
    clearFlag: vi.fn(async (_projectId: string, flagId: string, note: string): Promise<QualityFlag> => flag({ id: flagId, state: 'cleared', clearNote: note })),
    exportFile: vi.fn(async (): Promise<DownloadedFile> => ({ blob: new Blob(['a,b\n']), fileName: 'quality-slices-prj_1.csv' })),
    calibrations: vi.fn(async (_projectId: string) => ({ items: [] as CalibrationWithResults[] })),
  };
  return { api, windows };
}

describe('QualityDashboard', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('[R1] loads the report over the project’s own window, then over a preset or two chosen days', async () => {
    const { api, windows } = fakeApi();
    const dash = new QualityDashboard({ api, projectId: 'prj_1', save: () => {}, now: () => new Date('2030-01-31T00:00:00Z') });
    await dash.load();
    expect(dash.status).toBe('ready');
    expect(dash.report?.overall.headline.value).toBe(0.72);
    await dash.showPreset(7);
    expect(dash.preset).toBe(7);
    expect(await dash.showDays({ from: '2030-01-10', to: '2030-01-01' })).toBe(false);
    expect(dash.windowError).toMatch(/start day/);
    expect(await dash.showDays({ from: '2030-01-01', to: '2030-01-10' })).toBe(true);
    expect(dash.preset).toBeNull();
    await dash.showDefault();
    expect(windows).toEqual([
      null,
      { from: '2030-01-24T00:00:00.000Z', to: null },
      { from: '2030-01-01T00:00:00.000Z', to: '2030-01-10T23:59:59.999Z' },
      null,
    ]);
  });

  it('[R2] treats a refused report as not found, and keeps a shown report when a reload fails', async () => {
    const refused = new QualityDashboard({
      api: { ...fakeApi().api, report: async () => Promise.reject(new ApiError({ status: 404, code: 'not_found', message: 'Not found.' })) },
      projectId: 'prj_1',
      save: () => {},
    });
    await refused.load();
    expect(refused.status).toBe('not-found');

    let fail = false;
    const { api } = fakeApi();
    const flaky = new QualityDashboard({
      api: { ...api, report: async (projectId: string, window: ReportWindow | null) => (fail ? Promise.reject(new Error('Server down.')) : api.report(projectId, window)) },
      projectId: 'prj_1',
      save: () => {},
    });
    await flaky.load();
    fail = true;
    await flaky.load();
    expect(flaky.status).toBe('ready');
    expect(flaky.report).not.toBeNull();
    expect(flaky.error).toBe('Server down.');
  });

  it('never lets a slower, older request overwrite a newer one', async () => {
    const resolvers: ((report: QualityReport) => void)[] = [];
    const dash = new QualityDashboard({
      api: { ...fakeApi().api, report: () => new Promise<QualityReport>((resolve) => resolvers.push(resolve)) },
      projectId: 'prj_1',
      save: () => {},
    });
    const first = dash.load();
    const second = dash.load();
    resolvers[1]?.({ ...fixtureReport(), generatedAt: 'newer' });
    resolvers[0]?.({ ...fixtureReport(), generatedAt: 'older' });
    await Promise.all([first, second]);
    expect(dash.report?.generatedAt).toBe('newer');
  });

  it('[F2] reloads soon after a flag event of this project and at most once per delay while work moves', async () => {
    vi.useFakeTimers();
    const { api } = fakeApi();
    const dash = new QualityDashboard({ api, projectId: 'prj_1', save: () => {}, countsReloadMs: 3000, flagReloadMs: 200 });
    await dash.load();
    dash.onCounts(counts('prj_1'));
    dash.onCounts(counts('prj_1'));
    dash.onCounts(counts('prj_other'));
    await vi.advanceTimersByTimeAsync(2999);
    expect(api.report).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(api.report).toHaveBeenCalledTimes(2);

    dash.onCounts(counts('prj_1'));
    dash.onFlag({ projectId: 'prj_1', flag: flag() });
    dash.onFlag({ projectId: 'prj_other', flag: flag({ projectId: 'prj_other' }) });
    await vi.advanceTimersByTimeAsync(200);
    expect(api.report).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(5000);
    expect(api.report).toHaveBeenCalledTimes(3);

    dash.onCounts(counts('prj_1'));
    dash.destroy();
    await vi.advanceTimersByTimeAsync(5000);
    expect(api.report).toHaveBeenCalledTimes(3);
  });

  it('[F4] clears a flag by hand only with a note, then reloads the report', async () => {
    const { api } = fakeApi();
    const dash = new QualityDashboard({ api, projectId: 'prj_1', save: () => {} });
    await dash.load();
    expect(await dash.clearFlag('qfl_1', '   ')).toBe(false);
    expect(dash.clearErrors.get('qfl_1')).toMatch(/Write why/);
    expect(api.clearFlag).not.toHaveBeenCalled();
    expect(await dash.clearFlag('qfl_1', ' Retrained on the guidelines ')).toBe(true);
    expect(api.clearFlag).toHaveBeenCalledWith('prj_1', 'qfl_1', 'Retrained on the guidelines');
    expect(dash.clearErrors.has('qfl_1')).toBe(false);
    expect(dash.clearing.size).toBe(0);
    expect(api.report).toHaveBeenCalledTimes(2);
  });

  it('[F4] shows the server’s refusal to clear beside the flag', async () => {
    const { api } = fakeApi();
    const dash = new QualityDashboard({
      api: { ...api, clearFlag: async () => Promise.reject(new ApiError({ status: 409, code: 'flag_cleared', message: 'This flag is already cleared.' })) },
      projectId: 'prj_1',
      save: () => {},
    });
    expect(await dash.clearFlag('qfl_1', 'done')).toBe(false);
    expect(dash.clearErrors.get('qfl_1')).toBe('This flag is already cleared.');
  });

  it('[F5] lists cleared flags on demand and refreshes them when one is cleared', async () => {
    const { api } = fakeApi();
    const dash = new QualityDashboard({ api, projectId: 'prj_1', save: () => {} });
    dash.onFlag({ projectId: 'prj_1', flag: flag({ state: 'cleared' }) });
    expect(api.flags).not.toHaveBeenCalled();
    await dash.loadCleared();
    expect(api.flags).toHaveBeenCalledWith('prj_1', 'cleared');
    expect(dash.cleared?.[0]?.clearNote).toBe('Retrained');
    dash.onFlag({ projectId: 'prj_1', flag: flag({ state: 'cleared' }) });
    expect(api.flags).toHaveBeenCalledTimes(2);
    dash.destroy();
  });

  it('[R3] downloads a table over the shown window and hands it to the browser; a failure is shown', async () => {
    const { api } = fakeApi();
    const saved: DownloadedFile[] = [];
    const dash = new QualityDashboard({ api, projectId: 'prj_1', save: (file) => saved.push(file), now: () => new Date('2030-01-31T00:00:00Z') });
    await dash.showPreset(30);
    await dash.download('slices', 'csv');
    expect(api.exportFile).toHaveBeenCalledWith({ projectId: 'prj_1', table: 'slices', format: 'csv', window: dash.window });
    expect(saved.map((f) => f.fileName)).toEqual(['quality-slices-prj_1.csv']);
    expect(dash.exporting).toBeNull();

    api.exportFile.mockRejectedValueOnce(new Error('Too many requests.'));
    await dash.download('pairs', 'json');
    expect(dash.exportError).toBe('Too many requests.');
    expect(saved).toHaveLength(1);
  });

  it('[C7] [C8] loads calibration results, reloads them when a session’s pass clears a flag, and survives their failure', async () => {
    const { api } = fakeApi();
    const dash = new QualityDashboard({ api, projectId: 'prj_1', save: () => {} });
    await dash.loadCalibrations();
    expect(dash.calibrations).toEqual([]);
    dash.onFlag({ projectId: 'prj_1', flag: flag({ state: 'cleared', clearedBySession: null }) });
    expect(api.calibrations).toHaveBeenCalledTimes(1);
    dash.onFlag({ projectId: 'prj_1', flag: flag({ state: 'cleared', clearedBySession: 'cal_1' }) });
    expect(api.calibrations).toHaveBeenCalledTimes(2);
    api.calibrations.mockRejectedValueOnce(new Error('Calibration is down.'));
    await dash.loadCalibrations();
    expect(dash.calibrationsError).toBe('Calibration is down.');
    dash.destroy();
  });
});
