import type { ProjectRole } from '@concord/protocol';
import { describe, expect, it } from 'vitest';
import { decideDocumentAccess, type AccessDocument, type ItemAccessFacts } from './document-access.ts';

const now = Date.parse('2026-01-31T12:00:00Z');
const later = new Date(now + 60_000);
const earlier = new Date(now - 60_000);

const copyA: AccessDocument = { id: 'doc_a', projectId: 'prj_1', kind: 'copy', itemId: 'itm_1', ownerId: 'usr_a' };
const itemDoc: AccessDocument = { id: 'doc_item', projectId: 'prj_1', kind: 'item', itemId: 'itm_1', ownerId: null };
const comments: AccessDocument = { id: 'doc_c', projectId: 'prj_1', kind: 'comments', itemId: 'itm_1', ownerId: null };
const free: AccessDocument = { id: 'doc_free', projectId: 'prj_1', kind: 'item', itemId: null, ownerId: null };

type Work = ItemAccessFacts['assignments'][number];
const work = (userId: string, documentId: string, state: Work['state'], extra: Partial<Work> = {}): Work => ({
  userId,
  documentId,
  state,
  kind: 'work',
  submittedAt: ['submitted', 'in_review', 'accepted', 'returned'].includes(state) ? earlier : null,
  reviewerId: null,
  reviewLeaseExpiresAt: null,
  ...extra,
});

function facts(overrides: Partial<ItemAccessFacts>): ItemAccessFacts {
  return { state: 'in_progress', labeling: 'blind', assignments: [], openDisputes: [], ...overrides };
}

const see = (role: ProjectRole | 'admin', userId: string, doc: AccessDocument, item: ItemAccessFacts | null) => {
  const decided = decideDocumentAccess({ role, userId, doc, item, now });
  return decided === null ? 'none' : decided.readOnly ? 'read' : 'write';
};

describe('decideDocumentAccess', () => {
  it('[B3] [B7] [B12] a blind copy: its owner writes while working; roles with work.review read it once submitted; the live reviewer writes', () => {
    const working = facts({ assignments: [work('usr_a', 'doc_a', 'in_progress')] });
    expect(['annotator', 'reviewer', 'qa_lead', 'manager', 'viewer', 'admin'].map((r) => see(r as ProjectRole, 'usr_x', copyA, working))).toEqual(Array(6).fill('none'));
    expect(see('annotator', 'usr_a', copyA, working)).toBe('write');
    const submitted = facts({ state: 'submitted', assignments: [work('usr_a', 'doc_a', 'submitted')] });
    expect(see('annotator', 'usr_a', copyA, submitted)).toBe('read');
    expect(['reviewer', 'qa_lead', 'manager', 'admin'].map((r) => see(r as ProjectRole, 'usr_r', copyA, submitted))).toEqual(Array(4).fill('read'));
    expect(see('viewer', 'usr_v', copyA, submitted)).toBe('none');
    // [B12] a trainer reads submitted copies and the blind item document, never writes them, never while pending.
    expect(see('trainer', 'usr_t', copyA, submitted)).toBe('read');
    expect(see('trainer', 'usr_t', itemDoc, submitted)).toBe('read');
    expect(see('trainer', 'usr_t', copyA, facts({ state: 'submitted', assignments: [work('usr_a', 'doc_a', 'submitted'), work('usr_t', 'doc_t', 'in_progress')] }))).toBe('none');
    const claimed = facts({ state: 'in_review', assignments: [work('usr_a', 'doc_a', 'in_review', { reviewerId: 'usr_r', reviewLeaseExpiresAt: later })] });
    expect(see('reviewer', 'usr_r', copyA, claimed)).toBe('write');
    expect(see('reviewer', 'usr_r2', copyA, claimed)).toBe('read');
    const lapsedClaim = facts({ state: 'in_review', assignments: [work('usr_a', 'doc_a', 'in_review', { reviewerId: 'usr_r', reviewLeaseExpiresAt: earlier })] });
    expect(see('reviewer', 'usr_r', copyA, lapsedClaim)).toBe('read');
    const returned = facts({ assignments: [work('usr_a', 'doc_a', 'returned')] });
    expect(see('annotator', 'usr_a', copyA, returned)).toBe('write');
  });

  it('[B6] someone with unsubmitted work on the item sees no other copy of it, whatever their role (abuse case 4)', () => {
    const item = facts({ state: 'submitted', assignments: [work('usr_a', 'doc_a', 'submitted'), work('usr_r', 'doc_r', 'in_progress')] });
    expect(see('reviewer', 'usr_r', copyA, item)).toBe('none');
    expect(see('reviewer', 'usr_r', itemDoc, item)).toBe('none');
    const released = facts({ state: 'submitted', assignments: [work('usr_a', 'doc_a', 'submitted'), work('usr_b', 'doc_b', 'released')] });
    expect(see('annotator', 'usr_b', copyA, released)).toBe('none');
  });

  it('[B3] the item’s other annotators read a copy only after they submitted and while a dispute is open', () => {
    const both = [work('usr_a', 'doc_a', 'submitted'), work('usr_b', 'doc_b', 'submitted')];
    expect(see('annotator', 'usr_b', copyA, facts({ state: 'submitted', assignments: both }))).toBe('none');
    const disputed = facts({ state: 'in_qa', assignments: both, openDisputes: [{ adjudicatorId: null, leaseExpiresAt: null }] });
    expect(see('annotator', 'usr_b', copyA, disputed)).toBe('read');
    const bWorking = facts({ state: 'in_qa', assignments: [both[0]!, work('usr_b', 'doc_b', 'returned')], openDisputes: [{ adjudicatorId: null, leaseExpiresAt: null }] });
    expect(see('annotator', 'usr_b', copyA, bWorking)).toBe('none');
  });

  it('[B4] a blind item document: annotators read it only after they submitted; only the live adjudicator writes', () => {
    const item = facts({ assignments: [work('usr_a', 'doc_a', 'submitted'), work('usr_b', 'doc_b', 'in_progress')] });
    expect(see('annotator', 'usr_a', itemDoc, item)).toBe('read');
    expect(see('annotator', 'usr_b', itemDoc, item)).toBe('none');
    expect(see('annotator', 'usr_c', itemDoc, item)).toBe('none');
    expect(see('viewer', 'usr_v', itemDoc, item)).toBe('read');
    expect(see('manager', 'usr_m', itemDoc, item)).toBe('read');
    const adjudicated = facts({ state: 'in_qa', assignments: item.assignments, openDisputes: [{ adjudicatorId: 'usr_q', leaseExpiresAt: later }] });
    expect(see('qa_lead', 'usr_q', itemDoc, adjudicated)).toBe('write');
    expect(see('qa_lead', 'usr_q2', itemDoc, adjudicated)).toBe('read');
    const lapsed = facts({ state: 'in_qa', openDisputes: [{ adjudicatorId: 'usr_q', leaseExpiresAt: earlier }] });
    expect(see('qa_lead', 'usr_q', itemDoc, lapsed)).toBe('read');
  });

  it('[B1] a collaborative item document: co-edited while todo or in progress, then read-only but for the live reviewer and adjudicator', () => {
    const open = facts({ labeling: 'collaborative', state: 'todo' });
    expect(['annotator', 'reviewer', 'manager', 'viewer'].map((r) => see(r as ProjectRole, 'usr_x', itemDoc, open))).toEqual(['write', 'write', 'write', 'read']);
    const submitted = facts({ labeling: 'collaborative', state: 'in_review', assignments: [work('usr_a', 'doc_item', 'in_review', { reviewerId: 'usr_r', reviewLeaseExpiresAt: later })] });
    expect(['annotator', 'manager'].map((r) => see(r as ProjectRole, 'usr_x', itemDoc, submitted))).toEqual(['read', 'read']);
    expect(see('reviewer', 'usr_r', itemDoc, submitted)).toBe('write');
    const disputed = facts({ labeling: 'collaborative', state: 'in_qa', openDisputes: [{ adjudicatorId: 'usr_q', leaseExpiresAt: later }] });
    expect(see('qa_lead', 'usr_q', itemDoc, disputed)).toBe('write');
  });

  it('[D3] a comments document: roles with work.review and the annotators who submitted read and write it', () => {
    const item = facts({ state: 'in_qa', assignments: [work('usr_a', 'doc_a', 'submitted'), work('usr_b', 'doc_b', 'in_progress')] });
    expect(see('reviewer', 'usr_r', comments, item)).toBe('write');
    expect(see('annotator', 'usr_a', comments, item)).toBe('write');
    expect(see('annotator', 'usr_b', comments, item)).toBe('none');
    expect(see('viewer', 'usr_v', comments, item)).toBe('none');
  });

  it('[B11] a gold check’s copy: its owner’s while working; once submitted read-only to roles with quality.read, never to reviewers or the item’s annotators', () => {
    const check = (state: Work['state']) => work('usr_g', 'doc_g', state, { kind: 'gold_check' });
    const copyG: AccessDocument = { id: 'doc_g', projectId: 'prj_1', kind: 'copy', itemId: 'itm_1', ownerId: 'usr_g' };
    const annotated = [work('usr_a', 'doc_a', 'accepted')];
    const working = facts({ state: 'accepted', assignments: [...annotated, check('in_progress')] });
    expect(see('annotator', 'usr_g', copyG, working)).toBe('write');
    expect(['annotator', 'reviewer', 'qa_lead', 'manager', 'trainer', 'admin'].map((r) => see(r as ProjectRole, 'usr_x', copyG, working))).toEqual(Array(6).fill('none'));
    // Working on a gold check keeps its owner blind to the item's annotations (B6).
    expect(see('reviewer', 'usr_g', copyA, working)).toBe('none');
    const done = facts({ state: 'accepted', assignments: [...annotated, check('accepted')] });
    expect(see('annotator', 'usr_g', copyG, done)).toBe('read');
    expect(['qa_lead', 'manager', 'trainer', 'admin'].map((r) => see(r as ProjectRole, 'usr_q', copyG, done))).toEqual(Array(4).fill('read'));
    expect(see('reviewer', 'usr_r', copyG, done)).toBe('none');
    expect(see('annotator', 'usr_a', copyG, done)).toBe('none');
    const disputed = facts({ state: 'in_qa', assignments: [work('usr_a', 'doc_a', 'submitted'), work('usr_b', 'doc_b', 'submitted'), check('accepted')], openDisputes: [{ adjudicatorId: null, leaseExpiresAt: null }] });
    expect(see('annotator', 'usr_a', copyG, disputed)).toBe('none');
    // Its owner is no annotator of the item: no adjudication room, no comments; the item document after submitting (B4).
    expect(see('annotator', 'usr_g', copyA, disputed)).toBe('none');
    expect(see('annotator', 'usr_g', comments, disputed)).toBe('none');
    expect(see('annotator', 'usr_g', itemDoc, disputed)).toBe('read');
  });

  it('free documents keep the role’s rights; without documents.read there is nothing', () => {
    expect(see('annotator', 'usr_a', free, null)).toBe('write');
    expect(see('viewer', 'usr_v', free, null)).toBe('read');
    expect(see('annotator', 'usr_a', copyA, null)).toBe('none');
  });
});
