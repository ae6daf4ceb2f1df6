import type { HistoryEntry } from '@concord/protocol';
import { describe, expect, it } from 'vitest';
import { historyLines } from './history-format.ts';

const ana = { id: 'usr_a', name: 'Ana', kind: 'user' as const };
const rae = { id: 'usr_r', name: 'Rae', kind: 'user' as const };
const edits = (at: string, actor: HistoryEntry['actor'], updates: number, documentId = 'doc_c'): HistoryEntry => ({
  at, kind: 'edits', actor, action: 'document.edited', documentId, updates, detail: { documentKind: 'copy', last: at.replace(':00.000', ':40.000') }, configVersion: 2,
});

describe('historyLines', () => {
  it('[A4] shows state changes, decisions with reasons and grouped edits per author', () => {
    const lines = historyLines([
      { at: '2030-01-01T10:00:00.000Z', kind: 'audit', actor: ana, action: 'item.state', before: { state: 'todo' }, after: { state: 'in_progress' }, configVersion: 2 },
      edits('2030-01-01T10:01:00.000Z', ana, 5),
      edits('2030-01-01T10:02:00.000Z', ana, 7),
      edits('2030-01-01T10:03:00.000Z', rae, 1),
      { at: '2030-01-01T10:04:00.000Z', kind: 'audit', actor: rae, action: 'review.returned', detail: { reasonCode: 'incomplete', comment: 'Say how much better', edited: true }, configVersion: 2 },
      { at: '2030-01-01T10:05:00.000Z', kind: 'audit', actor: { id: null, name: null, kind: 'system' }, action: 'dispute.opened', detail: { automatic: true, reasons: [{ message: 'the choices differ' }] }, configVersion: 3 },
    ]);
    expect(lines.map((l) => `${l.actor} ${l.title}`)).toEqual([
      'Ana moved the item from To do to In progress',
      'Ana edited a blind copy',
      'Rae edited a blind copy',
      'Rae returned an annotation to its annotator',
      'Concord opened a dispute',
    ]);
    expect(lines[1]?.details).toEqual([{ label: 'Updates', value: '12' }]);
    expect(lines[1]?.until).toBe('2030-01-01T10:02:40.000Z');
    expect(lines[3]?.details).toEqual([
      { label: 'Reason', value: 'Incomplete' },
      { label: 'Comment', value: 'Say how much better' },
      { label: 'Edited by the reviewer', value: 'yes' },
    ]);
    expect(lines[3]?.kind).toBe('decision');
    expect(lines[4]?.details.map((d) => d.label)).toEqual(['Disagreements', 'Opened']);
    expect(lines[4]?.configVersion).toBe(3);
  });

  it('keeps edits of different documents apart and names unknown actions plainly', () => {
    const lines = historyLines([edits('2030-01-01T10:01:00.000Z', ana, 1, 'doc_a'), edits('2030-01-01T10:02:00.000Z', ana, 1, 'doc_b'),
      { at: '2030-01-01T10:03:00.000Z', kind: 'audit', actor: ana, action: 'something.new_here', configVersion: null }]);
    expect(lines).toHaveLength(3);
    expect(lines[2]?.title).toBe('something new here');
  });
});
