import { describe, expect, it } from 'vitest';
import { participantHistory, type CalibrationWithResults } from './calibration-history.ts';

const session = (id: string, endedAt: string | null, results: CalibrationWithResults['results']): CalibrationWithResults => ({
  id,
  projectId: 'prj_1',
  title: `Session ${id}`,
  trainerId: 'usr_tess',
  state: endedAt ? 'ended' : 'live',
  itemIds: ['itm_1'],
  currentIndex: 0,
  currentItemId: null,
  revealed: false,
  myDocumentId: null,
  notesDocumentId: null,
  participants: [],
  passThreshold: 0.8,
  createdAt: '2030-01-01T00:00:00.000Z',
  endedAt,
  results,
});
const result = (userId: string, name: string, passed: boolean, accuracy: number | null) => ({ userId, name, items: 2, agreement: null, accuracy, passed, clearedFlags: [] });

describe('calibration results over time [C8]', () => {
  it('lists each participant’s results from ended sessions, oldest first, people by name', () => {
    const history = participantHistory([
      session('cal_2', '2030-01-20T10:00:00.000Z', [result('usr_ana', 'Ana', true, 0.9)]),
      session('cal_live', null, [result('usr_ana', 'Ana', false, 0.1)]),
      session('cal_1', '2030-01-10T10:00:00.000Z', [result('usr_ana', 'Ana', false, 0.5), result('usr_bo', 'Bo', true, 1)]),
    ]);
    expect(history.map((h) => h.name)).toEqual(['Ana', 'Bo']);
    expect(history[0]?.entries.map((e) => [e.sessionId, e.passed, e.accuracy])).toEqual([
      ['cal_1', false, 0.5],
      ['cal_2', true, 0.9],
    ]);
    expect(history[0]?.entries[0]?.title).toBe('Session cal_1');
  });

  it('is empty without ended sessions', () => {
    expect(participantHistory([session('cal_live', null, [])])).toEqual([]);
  });
});
