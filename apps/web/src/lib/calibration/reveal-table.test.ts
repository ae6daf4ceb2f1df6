import type { CalibrationReveal } from '@concord/protocol';
import { describe, expect, it } from 'vitest';
import { percent, revealTable } from './reveal-table.ts';

const reveal: CalibrationReveal = {
  sessionId: 'cal_1',
  itemId: 'itm_1',
  answers: [
    { userId: 'u1', name: 'Ann', documentId: 'doc_1', goldScore: 1 },
    { userId: 'u2', name: 'Ben', documentId: 'doc_2', goldScore: 0 },
  ],
  goldDocumentId: 'doc_g',
  disagreements: [{ path: 'judgement.choice', values: [{ userId: 'u1', value: 'ra' }, { userId: 'u2', value: 'rb' }, { userId: 'gold', value: 'ra' }] }],
  agreement: null,
};

describe('revealTable', () => {
  it('[C5] a column per answer and the gold; a row per disagreement; values off the gold marked', () => {
    const names = new Map([['ra', 'response A'], ['rb', 'response B']]);
    const table = revealTable(reveal, (id) => names.get(id));
    expect(table.columns.map((c) => c.name)).toEqual(['Ann', 'Ben', 'Gold answer']);
    expect(table.rows).toEqual([
      {
        path: 'judgement.choice',
        label: 'Better response',
        cells: [
          { id: 'u1', given: true, text: 'response A', offGold: false },
          { id: 'u2', given: true, text: 'response B', offGold: true },
          { id: 'gold', given: true, text: 'response A', offGold: false },
        ],
      },
    ]);
  });

  it('[C5] without gold nothing is off gold; a missing value shows as a dash', () => {
    const table = revealTable({ ...reveal, goldDocumentId: null, disagreements: [{ path: 'judgement.choice', values: [{ userId: 'u1', value: 'ra' }] }] });
    expect(table.columns).toHaveLength(2);
    expect(table.rows[0]!.cells).toEqual([
      { id: 'u1', given: true, text: '“ra”', offGold: false },
      { id: 'u2', given: false, text: '—', offGold: false },
    ]);
    expect(percent(0.5)).toBe('50 %');
    expect(percent(null)).toBe('—');
  });
});
