import { describe, expect, it } from 'vitest';
import { defaultConfig, projectConfigSchema, taskTypes } from './config.ts';

describe('projectConfigSchema', () => {
  it.each(taskTypes)('accepts the default %s config', (taskType) => {
    expect(projectConfigSchema.parse(defaultConfig(taskType))).toEqual(defaultConfig(taskType));
  });

  it('gives preference projects the four 1..7 criteria and alignment projects labels', () => {
    expect(defaultConfig('preference').rubric.map((c) => [c.id, c.min, c.max])).toEqual([
      ['accuracy', 1, 7],
      ['helpfulness', 1, 7],
      ['completeness', 1, 7],
      ['harmlessness', 1, 7],
    ]);
    expect(defaultConfig('alignment').labels.length).toBeGreaterThanOrEqual(4);
    expect(defaultConfig('instruction').instructionStyles).toContain('multi_turn');
  });

  it('rejects unknown keys, bad colours, duplicate ids and inverted scales', () => {
    const base = defaultConfig('alignment');
    expect(projectConfigSchema.safeParse({ ...base, extra: 1 }).success).toBe(false);
    expect(projectConfigSchema.safeParse({ ...base, labels: [{ id: 'a', name: 'A', color: 'red' }] }).success).toBe(false);
    const duplicate = projectConfigSchema.safeParse({ ...base, labels: [...base.labels, { id: 'person', name: 'P', color: '#000000' }] });
    expect(duplicate.error?.issues[0]?.message).toBe('duplicate label "person"');
    const inverted = projectConfigSchema.safeParse({ ...base, rubric: [{ id: 'x', name: 'X', description: '', min: 5, max: 1, step: 1 }] });
    expect(inverted.error?.issues[0]?.message).toBe('max must be greater than min');
  });

  it('only takes http(s) guideline links and sane field paths', () => {
    const base = defaultConfig('instruction');
    expect(projectConfigSchema.safeParse({ ...base, guidelines: { text: '', url: 'javascript:alert(1)' } }).success).toBe(false);
    expect(projectConfigSchema.safeParse({ ...base, guidelines: { text: '', url: 'https://example.com/g' } }).success).toBe(true);
    expect(projectConfigSchema.safeParse({ ...base, requiredFields: ['instruction.style', 'summary'] }).success).toBe(true);
    expect(projectConfigSchema.safeParse({ ...base, requiredFields: ['bad path'] }).success).toBe(false);
  });
});
