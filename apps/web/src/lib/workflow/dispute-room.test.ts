import { readDoc, setChoice, setStrength, type PreferenceDoc } from '@concord/annotation-doc';
import { createDoc, replicaOf } from '@concord/annotation-doc/testing';
import type { DisputeDetail } from '@concord/protocol';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api.ts';
import { DisputeRoom } from './dispute-room.svelte.ts';

const expires = '2099-01-01T00:00:00Z';
const timers = { setTimer: () => 0, clearTimer: () => {} };

/** A final document and two blind versions of it that disagree on the choice. */
function versions() {
  const final = createDoc('preference');
  const [first, second] = readDoc(final).taskType === 'preference' ? (readDoc(final) as PreferenceDoc).responses.map((r) => r.id) : [];
  const ana = replicaOf(final);
  const ben = replicaOf(final);
  setChoice(ana, first!);
  setStrength(ana, 'better');
  setChoice(ben, second!);
  setStrength(ben, 'slightly_better');
  return { final, ana: readDoc(ana), ben: readDoc(ben), first: first!, second: second! };
}

function detail(content: { ana: unknown; ben: unknown }, extra: Partial<DisputeDetail> = {}): DisputeDetail {
  return {
    disputeId: 'dsp_1', projectId: 'prj_1', itemId: 'itm_1', title: 'Item', state: 'open', openedBy: null,
    reasons: [{ field: 'judgement.choice', kind: 'choice', message: 'the choices differ', versions: ['asg_a', 'asg_b'] }],
    adjudicator: null, createdAt: '2030-01-01T00:00:00Z', resolvedAt: null, taskType: 'preference', finalDocumentId: 'doc_f',
    commentsDocumentId: 'doc_c', configVersion: 1, resolution: null,
    versions: [
      { assignmentId: 'asg_a', annotator: { id: 'usr_a', name: 'Ana' }, documentId: 'doc_a', content: content.ana },
      { assignmentId: 'asg_b', annotator: { id: 'usr_b', name: 'Ben' }, documentId: 'doc_b', content: content.ben },
    ],
    ...extra,
  };
}

function fakeApi(d: DisputeDetail) {
  return {
    getDispute: vi.fn(async () => d),
    adjudicate: vi.fn(async () => ({ fence: 3, leaseExpiresAt: expires })),
    disputeHeartbeat: vi.fn(async (_id: string, fence: number) => ({ fence, leaseExpiresAt: expires })),
    releaseDispute: vi.fn(async () => undefined),
    resolve: vi.fn(async () => ({ ...d, state: 'resolved' as const })),
  };
}

describe('DisputeRoom', () => {
  it('[D5] a second QA lead is told who adjudicates and keeps watching, read-only', async () => {
    const v = versions();
    const api = fakeApi(detail(v));
    api.adjudicate.mockRejectedValueOnce(new ApiError({ status: 409, code: 'lease_held', message: 'Another QA lead', details: { adjudicator: { id: 'usr_q', name: 'Quinn' } } }));
    const room = new DisputeRoom({ api, disputeId: 'dsp_1', userId: 'usr_z', timers });
    await room.load();
    await room.adjudicate();
    expect(room.adjudicator).toEqual({ id: 'usr_q', name: 'Quinn' });
    expect(room.canEdit).toBe(false);
    room.useField(v.final, 'asg_a', 'judgement.choice');
    expect((readDoc(v.final) as PreferenceDoc).judgement.choice).toBeNull();
  });

  it('[D6] the adjudicator adopts fields (merge) or a whole version (pick) into the final document', async () => {
    const v = versions();
    const api = fakeApi(detail(v));
    const room = new DisputeRoom({ api, disputeId: 'dsp_1', userId: 'usr_q', timers });
    await room.load();
    await room.adjudicate();
    expect(room.canEdit).toBe(true);
    room.useField(v.final, 'asg_b', 'judgement.choice');
    room.useField(v.final, 'asg_a', 'judgement.strength');
    const merged = readDoc(v.final) as PreferenceDoc;
    expect([merged.judgement.choice, merged.judgement.strength]).toEqual([v.second, 'better']);
    expect(room.method).toBe('merge');
    room.pick(v.final, 'asg_a');
    expect((readDoc(v.final) as PreferenceDoc).judgement.choice).toBe(v.first);
    expect([room.method, room.picked]).toEqual(['pick', 'asg_a']);
    expect(await room.resolve(' Ana follows the guideline. ')).toBe(true);
    expect(api.resolve).toHaveBeenCalledWith('dsp_1', { fence: 3, method: 'pick', assignmentId: 'asg_a', comment: 'Ana follows the guideline.' });
    expect(room.resolved).toBe(true);
    expect(room.canEdit).toBe(false);
  });

  it('[D6] a 422 keeps the final annotation’s problems; a bad path is reported, not thrown', async () => {
    const v = versions();
    const api = fakeApi(detail(v));
    const problems = [{ path: 'rationale', message: 'write at least 20 characters of rationale' }];
    api.resolve.mockRejectedValueOnce(new ApiError({ status: 422, code: 'invalid_annotation', message: 'no', details: { problems } }));
    const room = new DisputeRoom({ api, disputeId: 'dsp_1', userId: 'usr_q', timers });
    await room.load();
    await room.adjudicate();
    room.useField(v.final, 'asg_a', 'no.such.field');
    expect(room.actionError).toMatch(/Could not adopt it/);
    expect(await room.resolve('Merged.')).toBe(false);
    expect(room.problems).toEqual(problems);
    expect(room.canEdit).toBe(true);
  });

  it('names the adjudicator from the dispute and reloads on its events', async () => {
    const v = versions();
    const api = fakeApi(detail(v, { adjudicator: { id: 'usr_q', name: 'Quinn' } }));
    const room = new DisputeRoom({ api, disputeId: 'dsp_1', userId: 'usr_a', timers });
    await room.load();
    expect(room.adjudicator?.name).toBe('Quinn');
    expect(room.mine).toBe(false);
    room.onEvent({ disputeId: 'dsp_2' });
    room.onEvent({ disputeId: 'dsp_1' });
    await vi.waitFor(() => expect(api.getDispute).toHaveBeenCalledTimes(2));
  });
});
