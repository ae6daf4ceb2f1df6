import { workflowSettingsSchema } from '@concord/protocol';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api.ts';
import { parseError } from '../projects/rest.ts';
import { changedSettings, validateWorkflow, WorkflowForm } from './workflow-form.svelte.ts';

const defaults = workflowSettingsSchema.parse({});

describe('workflow settings form', () => {
  it('[S1] reports overlap above 1 without blind labeling, and numbers out of range, per field', () => {
    expect(validateWorkflow(defaults).size).toBe(0);
    const problems = validateWorkflow({ ...defaults, overlap: 2, qaSamplePercent: 140, disputes: { ...defaults.disputes, iou: 2 } });
    expect(problems.get('overlap')).toMatch(/blind/);
    expect(problems.get('qaSamplePercent')).toBe('At most 100.');
    expect(problems.get('disputes.iou')).toBe('At most 1.');
    expect(validateWorkflow({ ...defaults, leaseSeconds: null as unknown as number }).get('leaseSeconds')).toBe('Enter a number.');
  });

  it('sends only what changed', () => {
    expect(changedSettings(defaults, { ...defaults, overlap: 2, labeling: 'blind' })).toEqual({ overlap: 2, labeling: 'blind' });
    expect(changedSettings(defaults, { ...defaults, disputes: { ...defaults.disputes, iou: 0.7 } })).toEqual({ disputes: { ...defaults.disputes, iou: 0.7 } });
  });

  it('[S2] saves, and shows the server’s refusals next to their fields', async () => {
    const updateSettings = vi.fn(async (_p: string, change: object) => ({ ...defaults, ...change }));
    const form = new WorkflowForm({ api: { getSettings: async () => ({}) as never, updateSettings }, projectId: 'prj_1' });
    await form.load();
    expect(form.draft).toEqual(defaults);
    form.draft!.overlap = 3;
    expect(await form.save()).toBe(false);
    expect(form.errorAt('overlap')).toMatch(/blind/);
    form.draft!.labeling = 'blind';
    expect(await form.save()).toBe(true);
    expect(updateSettings).toHaveBeenCalledWith('prj_1', { overlap: 3, labeling: 'blind' });
    expect(form.notice).toBe('Workflow settings saved.');

    updateSettings.mockRejectedValueOnce(new ApiError({ status: 409, code: 'labeling_locked', message: 'Work has started in blind mode.' }));
    form.draft!.labeling = 'collaborative';
    form.draft!.overlap = 1;
    expect(await form.save()).toBe(false);
    expect(form.errorAt('labeling')).toBe('Work has started in blind mode.');
    form.touched('labeling');
    expect(form.errorAt('labeling')).toBeNull();

    updateSettings.mockRejectedValueOnce(parseError(400, JSON.stringify({ error: { code: 'bad_request', message: 'bad', details: [{ path: ['leaseSeconds'], message: 'too short' }] } })));
    expect(await form.save()).toBe(false);
    expect(form.errorAt('leaseSeconds')).toBe('too short');
  });
});
