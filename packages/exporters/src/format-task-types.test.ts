import { exportFormatTaskTypes, exportFormats, exportFormatsFor } from '@concord/protocol';
import { describe, expect, it } from 'vitest';
import { formatters } from './formatters.ts';

describe("the protocol's format → task type map (what the web's format picker offers)", () => {
  it('names, for every format, exactly the task types its formatter takes', () => {
    for (const format of exportFormats) {
      expect([...exportFormatTaskTypes[format]].sort(), format).toEqual([...formatters[format].taskTypes].sort());
    }
  });

  it('lists the formats of a task type in exportFormats order, none for an unknown one', () => {
    expect(exportFormatsFor('preference')).toEqual(['trl-dpo', 'trl-kto', 'hh-rlhf', 'openai-preference']);
    expect(exportFormatsFor('instruction')).toEqual(['llava', 'trl-sft', 'openai-chat']);
    expect(exportFormatsFor('alignment')).toHaveLength(9);
    expect(exportFormatsFor('audio')).toEqual([]);
  });
});
