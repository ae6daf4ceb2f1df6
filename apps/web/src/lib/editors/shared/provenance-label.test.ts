import { describe, expect, it } from 'vitest';
import { provenanceLabel } from './provenance-label.ts';

describe('provenanceLabel', () => {
  it('says nothing for people\'s own work or empty fields', () => {
    expect(provenanceLabel(undefined)).toBeNull();
    expect(provenanceLabel({ kind: 'human_written' } as never)).toBeNull();
    expect(provenanceLabel({ kind: 'empty' } as never)).toBeNull();
  });

  it('shows a model\'s text as "model" until a person edits it', () => {
    expect(provenanceLabel({ kind: 'model_generated', modelId: 'm-1', promptVersion: 'v2' } as never)).toEqual({
      kind: 'model_generated',
      text: 'model',
      description: 'Written by the model m-1 (prompt v2), not edited yet',
    });
    expect(provenanceLabel({ kind: 'model_then_human_edited', modelId: 'm-1', editedBy: ['usr_1'], humanShare: 0.254 } as never)).toEqual({
      kind: 'model_then_human_edited',
      text: 'model · edited',
      description: 'Written by the model m-1, then edited by people (25% changed)',
    });
  });
});
