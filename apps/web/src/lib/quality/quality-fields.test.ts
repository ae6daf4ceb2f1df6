import { qualitySettingsSchema, workflowSettingsSchema } from '@concord/protocol';
import { describe, expect, it } from 'vitest';
import { changedSettings, validateWorkflow } from '../workflow/workflow-form.svelte.ts';
import { qualityFields, qualityPath } from './quality-fields.ts';

describe('the Quality section of the workflow settings', () => {
  it('offers every numeric quality setting, within the bounds the protocol accepts', () => {
    const defaults = qualitySettingsSchema.parse({});
    expect(qualityFields.map((f) => f.key).sort()).toEqual(Object.keys(defaults).filter((k) => k !== 'pauseFlagged').sort());
    for (const field of qualityFields) {
      const at = (value: number) => qualitySettingsSchema.safeParse({ [field.key]: value }).success;
      expect([field.key, at(field.min), at(field.max)]).toEqual([field.key, true, true]);
      expect([field.key, at(field.min - 1), at(field.max + 1)]).toEqual([field.key, false, false]);
    }
  });

  it('shows a problem under the quality field it belongs to', () => {
    const draft = workflowSettingsSchema.parse({});
    draft.quality.agreementThreshold = 2;
    draft.quality.minUnits = 0;
    (draft.quality as { windowDays: number | null }).windowDays = null;
    const problems = validateWorkflow(draft);
    expect(problems.get(qualityPath('agreementThreshold'))).toBe('At most 1.');
    expect(problems.get(qualityPath('minUnits'))).toBe('At least 1.');
    expect(problems.get(qualityPath('windowDays'))).toBe('Enter a number.');
  });

  it('sends the whole quality group when one quality setting changed', () => {
    const before = workflowSettingsSchema.parse({});
    const after = structuredClone(before);
    after.quality.pauseFlagged = true;
    expect(changedSettings(before, after)).toEqual({ quality: { ...before.quality, pauseFlagged: true } });
  });
});
