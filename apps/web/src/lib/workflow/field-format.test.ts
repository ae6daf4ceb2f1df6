import { describe, expect, it } from 'vitest';
import { fieldLabel, formatValue, responseNamer } from './field-format.ts';

describe('fieldLabel', () => {
  it('names fields people read, leaving record ids out', () => {
    expect(fieldLabel('judgement.choice')).toBe('Better response');
    expect(fieldLabel('turns.t1.text')).toBe('Turn text');
    expect(fieldLabel('turns')).toBe('Order of the turns');
    expect(fieldLabel('regions.r2')).toBe('Region');
    expect(fieldLabel('regions.r2.label')).toBe('Region label');
    expect(fieldLabel('scores.resp_1:accuracy')).toBe('Score: accuracy');
    expect(fieldLabel('rationale')).toBe('Rationale');
    expect(fieldLabel('unknown.x')).toBe('unknown');
  });
});

describe('formatValue', () => {
  it('shows empty values, texts, numbers and lists in one line', () => {
    expect(formatValue(null)).toBe('(empty)');
    expect(formatValue('')).toBe('(empty)');
    expect(formatValue('better')).toBe('“better”');
    expect(formatValue(6)).toBe('6');
    expect(formatValue([])).toBe('(none)');
    expect(formatValue(['r1', 'r2'])).toBe('r1, r2');
    expect(formatValue('x'.repeat(300), { max: 20 })).toHaveLength(20);
  });

  it('names responses by the reader’s letters, never by their ids', () => {
    const responseName = (id: string) => ({ resp_a: 'response B', resp_b: 'response A' })[id];
    expect(formatValue('resp_a', { responseName })).toBe('response B');
    expect(formatValue({ resp_a: 2, resp_b: 1 }, { responseName })).toBe('response B 2, response A 1');
  });

  it('shows a record by its text or label, and keeps markup as text', () => {
    expect(formatValue({ id: 't1', role: 'user', text: 'Hello' })).toBe('“Hello”');
    expect(formatValue({ id: 'r1', label: 'dog', shape: {} })).toBe('label dog');
    expect(formatValue('<img src=x onerror=alert(1)>')).toBe('“<img src=x onerror=alert(1)>”');
  });
});

describe('responseNamer', () => {
  it('names preference responses by the viewer’s letters and nothing else', () => {
    const content = { taskType: 'preference', responses: [{ id: 'resp_1' }, { id: 'resp_2' }] };
    const name = responseNamer(content, { userId: 'usr_a', documentId: 'doc_1' });
    expect(new Set([name?.('resp_1'), name?.('resp_2')])).toEqual(new Set(['response A', 'response B']));
    expect(name?.('resp_9')).toBeUndefined();
    expect(responseNamer({ taskType: 'alignment' }, { userId: 'usr_a', documentId: 'doc_1' })).toBeUndefined();
  });
});
