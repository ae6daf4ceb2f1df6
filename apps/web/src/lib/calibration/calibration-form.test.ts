import type { QualityFlag } from '@concord/protocol';
import { describe, expect, it, vi } from 'vitest';
import type { Item, Member } from '../api-types.ts';
import { CalibrationForm } from './calibration-form.svelte.ts';

const item = (id: string, hasGold: boolean): Item => ({ id, externalId: id, tags: [], documentId: null, createdAt: '', hasPrelabel: false, hasGold, title: `Item ${id}` });
const member = (userId: string, role: Member['role']): Member => ({ userId, name: userId, email: `${userId}@x`, role, createdAt: '' });

function api() {
  return {
    items: vi.fn(async () => ({ items: [item('i1', true), item('i2', false), item('i3', true)], nextCursor: null })),
    members: vi.fn(async () => ({ items: [member('me', 'trainer'), member('ann', 'annotator'), member('ben', 'annotator'), member('vera', 'viewer')] })),
    openFlags: vi.fn(async () => ({ items: [{ userId: 'ben' } as QualityFlag] })),
    create: vi.fn(async () => ({ id: 'cal_new' }) as never),
  };
}

describe('CalibrationForm', () => {
  it('[C1] [F5] chooses the gold items and the flagged annotators to begin with; the trainer and viewers are not offered', async () => {
    const form = new CalibrationForm({ api: api(), projectId: 'prj_1', userId: 'me' });
    await form.load();
    expect([...form.chosenItems]).toEqual(['i1', 'i3']);
    expect(form.people.map((p) => p.userId)).toEqual(['ann', 'ben']);
    expect([...form.chosenPeople]).toEqual(['ben']);
  });

  it('[C1] names what is missing; sends the chosen items and people in list order', async () => {
    const fake = api();
    const form = new CalibrationForm({ api: fake, projectId: 'prj_1', userId: 'me' });
    await form.load();
    form.passThreshold = '2';
    expect(await form.submit()).toBeNull();
    expect(Object.keys(form.issues).sort()).toEqual(['passThreshold', 'title']);
    form.title = ' Tides ';
    form.passThreshold = '0.9';
    form.togglePerson('ann', true);
    form.toggleItem('i1', false);
    expect(await form.submit()).toBe('cal_new');
    expect(fake.create).toHaveBeenCalledWith('prj_1', { title: 'Tides', itemIds: ['i3'], participantIds: ['ann', 'ben'], passThreshold: 0.9 });
  });

  it('[C1] without quality.read nobody is preselected', async () => {
    const fake = api();
    fake.openFlags.mockRejectedValueOnce(new Error('404'));
    const form = new CalibrationForm({ api: fake, projectId: 'prj_1', userId: 'me' });
    await form.load();
    expect(form.chosenPeople.size).toBe(0);
    expect(form.error).toBeNull();
  });
});
