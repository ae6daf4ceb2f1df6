import type { CalibrationReveal, CalibrationSessionView } from '@concord/protocol';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api.ts';
import { CalibrationRoom } from './calibration-room.svelte.ts';

const view = (change: Partial<CalibrationSessionView> = {}): CalibrationSessionView => ({
  id: 'cal_1', projectId: 'prj_1', title: 'Tides', trainerId: 'u_t', state: 'live', itemIds: ['i1', 'i2'], currentIndex: 0,
  currentItemId: 'i1', revealed: false, myDocumentId: 'doc_a', notesDocumentId: null,
  participants: [{ userId: 'u_a', name: 'Ann', answered: false, online: true }], passThreshold: 0.8, createdAt: '2030-01-01T00:00:00Z', endedAt: null,
  ...change,
});
const reveal: CalibrationReveal = { sessionId: 'cal_1', itemId: 'i1', answers: [], goldDocumentId: null, disagreements: [], agreement: null };

function api(initial: CalibrationSessionView) {
  let current = initial;
  return {
    set: (next: CalibrationSessionView) => (current = next),
    get: vi.fn(async () => current),
    move: vi.fn(async () => current),
    answer: vi.fn(async () => current),
    reveal: vi.fn(async () => reveal),
    list: vi.fn(async () => ({ items: [{ ...current, results: [{ userId: 'u_a', name: 'Ann', items: 2, agreement: 1, accuracy: 1, passed: true, clearedFlags: [] }] }] })),
  };
}

describe('CalibrationRoom', () => {
  it('[C3] reads the session blind; reads the reveal only once revealed, and again on its own events', async () => {
    const fake = api(view());
    const room = new CalibrationRoom({ api: fake, sessionId: 'cal_1', userId: 'u_a' });
    await room.load();
    expect(room.status).toBe('ready');
    expect(room.trainer).toBe(false);
    expect(fake.reveal).not.toHaveBeenCalled();
    fake.set(view({ revealed: true }));
    room.onEvent({ sessionId: 'cal_9', projectId: 'prj_1', state: 'live', currentIndex: 0, revealed: true, answered: [] });
    expect(fake.get).toHaveBeenCalledTimes(1);
    room.onEvent({ sessionId: 'cal_1', projectId: 'prj_1', state: 'live', currentIndex: 0, revealed: true, answered: [] });
    await vi.waitFor(() => expect(room.reveal).toEqual(reveal));
  });

  it('[C4] an answer flushes the editor first; a 422 keeps its problems', async () => {
    const fake = api(view());
    const order: string[] = [];
    fake.answer.mockImplementationOnce(async () => {
      order.push('answer');
      throw new ApiError({ status: 422, code: 'invalid_annotation', message: 'The answer does not pass validation', details: { problems: [{ path: 'judgement.choice', message: 'Choose a response' }] } });
    });
    const room = new CalibrationRoom({ api: fake, sessionId: 'cal_1', userId: 'u_a' });
    await room.load();
    await room.answer(async () => void order.push('flush'));
    expect(order).toEqual(['flush', 'answer']);
    expect(room.problems).toEqual([{ path: 'judgement.choice', message: 'Choose a response' }]);
    expect(room.actionError).toMatch(/validation/);
  });

  it('[C7] once ended, shows the results the list gives; unknown sessions are not found', async () => {
    const fake = api(view({ state: 'ended', trainerId: 'u_a' }));
    const room = new CalibrationRoom({ api: fake, sessionId: 'cal_1', userId: 'u_a' });
    await room.load();
    expect(room.trainer).toBe(true);
    expect(room.results.map((r) => r.passed)).toEqual([true]);
    fake.get.mockRejectedValueOnce(new ApiError({ status: 404, code: 'not_found', message: 'gone' }));
    await room.load();
    expect(room.status).toBe('not-found');
  });
});
