import { describe, expect, it } from 'vitest';
import { ExportForm } from './export-form.svelte.ts';

describe('ExportForm', () => {
  it('starts on the first format, valid, and media follow the picked format (OpenAI reads images by URL)', () => {
    const form = new ExportForm({ formats: ['llava', 'trl-sft', 'openai-chat'] });
    expect(form.values).toMatchObject({ format: 'llava', media: 'copy', states: ['accepted'] });
    expect(form.valid).toBe(true);
    form.pickFormat('openai-chat');
    expect(form.values.media).toBe('url');
    expect(form.request()).toMatchObject({ format: 'openai-chat', media: 'url' });
    form.pickFormat('trl-sft');
    expect(form.values.media).toBe('copy');
    expect(new ExportForm({ formats: ['openai-preference'] }).values.media).toBe('url');
  });

  it('toggles filter values, and makes no request while a problem is shown', () => {
    const form = new ExportForm({ formats: ['coco'] });
    form.toggle('states', 'validated', true);
    form.toggle('states', 'accepted', false);
    expect(form.values.states).toEqual(['validated']);
    form.toggle('states', 'validated', false);
    expect(form.problems.states).toBe('Pick at least one item state.');
    expect(form.request()).toBeNull();
  });
});
