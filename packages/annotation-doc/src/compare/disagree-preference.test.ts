import type * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { displayOrder, viewerSeed } from '../display-order.ts';
import { setChoice, setJudgementMode, setRanking, setScore } from '../preference/mutations.ts';
import type { PreferenceDoc } from '../preference/read.ts';
import { readDoc } from '../read.ts';
import { createDoc, replicaOf } from '../testing/fixtures.ts';
import { defaultThresholds, findDisagreements, type DisagreementThresholds } from './disagreement.ts';

const base = createDoc('preference');
const [r1, r2, r3] = (readDoc(base) as PreferenceDoc).responses.map((r) => r.id) as [string, string, string];

/** Versions of the item, each edited by `edit`. */
function versions(...edits: ((doc: Y.Doc) => void)[]) {
  return edits.map((edit, i) => {
    const doc = replicaOf(base, 500 + i);
    edit(doc);
    return { id: `v${i + 1}`, doc: readDoc(doc) };
  });
}

const find = (vs: ReturnType<typeof versions>, thresholds: DisagreementThresholds = defaultThresholds) => findDisagreements('preference', vs, thresholds);
const pairwise = (choice: string | null, strength?: Parameters<typeof setChoice>[2]) => (doc: Y.Doc) => {
  setJudgementMode(doc, 'pairwise');
  setChoice(doc, choice, strength);
};
const ranking = (groups: string[][]) => (doc: Y.Doc) => {
  setJudgementMode(doc, 'ranking');
  setRanking(doc, groups);
};

describe('preference disagreements', () => {
  it('[D1] fewer than two versions disagree on nothing', () => {
    expect(find([])).toEqual([]);
    expect(find(versions(pairwise(r1)))).toEqual([]);
  });

  it('[D1] refuses versions of another task type and duplicate ids', () => {
    const [a] = versions(pairwise(r1));
    if (!a) throw new Error('expected a version');
    expect(() => findDisagreements('alignment', [a, { ...a, id: 'v2' }])).toThrow(TypeError);
    expect(() => find([a, a])).toThrow(TypeError);
  });

  it('[D2] judgement modes that differ disagree; a version without a mode takes no part', () => {
    const found = find(versions(pairwise(r1), ranking([[r1], [r2, r3]]), () => undefined));
    expect(found.find((d) => d.kind === 'mode')).toMatchObject({ field: 'judgement.mode', versions: ['v1', 'v2'], detail: { values: { v1: 'pairwise', v2: 'ranking' } } });
    expect(find(versions(pairwise(r1), pairwise(r1)))).toEqual([]);
  });

  it('[D3] different pairwise choices disagree, by response id; a missing choice does not', () => {
    const found = find(versions(pairwise(r1, 'better'), pairwise(r2, 'better'), pairwise(null)));
    expect(found).toEqual([expect.objectContaining({ field: 'judgement.choice', kind: 'choice', versions: ['v1', 'v2'], detail: { values: { v1: r1, v2: r2 } } })]);
    expect(found[0]?.message).not.toMatch(/response [A-Z0-9]/);
    expect(find(versions(pairwise(r1), pairwise(r1)))).toEqual([]);
  });

  it('[D4] rankings are compared by response id, whatever order each annotator saw', () => {
    const ids = [r1, r2, r3];
    const orderOf = (userId: string) => displayOrder(ids, viewerSeed({ userId, documentId: 'doc-1' }));
    // Two annotators whose response "A" is not the same response.
    const users = Array.from({ length: 50 }, (_, i) => `user-${i}`);
    const ana = orderOf(users[0] ?? '');
    const ben = users.map(orderOf).find((order) => order[0] !== ana[0]) ?? [];
    const byLetters = (order: string[]) => ranking(order.map((id) => [id]));
    // Both rank Ana's order, by id: the letters on Ben's screen differ, the ranking does not.
    expect(find(versions(byLetters(ana), byLetters(ana)))).toEqual([]);
    // Both put their own "A" first, then "B", "C": different responses, so they disagree.
    expect(find(versions(byLetters(ana), byLetters(ben)))).toEqual([expect.objectContaining({ field: 'judgement.ranking', kind: 'ranking', versions: ['v1', 'v2'] })]);
  });

  it('[D4] ties matter: a tie and a strict order disagree; tied groups compare as sets', () => {
    expect(find(versions(ranking([[r1, r2], [r3]]), ranking([[r1], [r2], [r3]])))).toHaveLength(1);
    expect(find(versions(ranking([[r1, r2], [r3]]), ranking([[r2, r1], [r3]])))).toEqual([]);
    expect(find(versions(ranking([[r1], [r2], [r3]]), ranking([])))).toEqual([]);
  });

  it('[D5] strengths more than one step apart disagree when the choices agree', () => {
    expect(find(versions(pairwise(r1, 'significantly_better'), pairwise(r1, 'slightly_better')))).toEqual([
      expect.objectContaining({ field: 'judgement.strength', kind: 'strength', versions: ['v1', 'v2'] }),
    ]);
    expect(find(versions(pairwise(r1, 'better'), pairwise(r1, 'slightly_better')))).toEqual([]);
    // Different choices: the choice disagrees, strengths are not compared.
    expect(find(versions(pairwise(r1, 'significantly_better'), pairwise(r2, 'negligible_or_unsure'))).map((d) => d.kind)).toEqual(['choice']);
  });

  it('[D6] rubric scores disagree when more than rubricDelta apart, not when exactly at it', () => {
    const score = (value: number) => (doc: Y.Doc) => setScore(doc, r1, 'accuracy', value);
    expect(find(versions(score(3), score(4)))).toEqual([]);
    expect(find(versions(score(3), score(5)))).toEqual([
      expect.objectContaining({ field: `scores.${r1}:accuracy`, kind: 'score', versions: ['v1', 'v2'], detail: { values: { v1: 3, v2: 5 }, responseId: r1, criterionId: 'accuracy' } }),
    ]);
    expect(find(versions(score(3), score(5)), { iou: 0.5, rubricDelta: 2 })).toEqual([]);
    expect(find(versions(score(0.2), score(0.3)), { iou: 0.5, rubricDelta: 0.1 })).toEqual([]);
  });

  it('[D6] a score only one version gave is not a disagreement', () => {
    expect(find(versions((doc) => setScore(doc, r2, 'helpfulness', 1), () => undefined))).toEqual([]);
  });

  it('[D1] with three versions, one disagreement per field lists every version in a differing pair', () => {
    const score = (value: number) => (doc: Y.Doc) => setScore(doc, r3, 'harmlessness', value);
    const found = find(versions(score(4), score(5), score(6), score(4)));
    expect(found).toHaveLength(1);
    // 4 and 6 are 2 apart; 5 is within 1 of every other score.
    expect(found[0]).toMatchObject({ versions: ['v1', 'v3', 'v4'], detail: { values: { v1: 4, v2: 5, v3: 6, v4: 4 } } });
  });

  it('[D1] fields are reported in document order', () => {
    const found = find(
      versions(
        (doc) => (pairwise(r1, 'significantly_better')(doc), setScore(doc, r2, 'accuracy', 1), setScore(doc, r1, 'accuracy', 1)),
        (doc) => (ranking([[r2], [r1, r3]])(doc), setScore(doc, r2, 'accuracy', 7), setScore(doc, r1, 'accuracy', 7)),
      ),
    );
    expect(found.map((d) => d.field)).toEqual(['judgement.mode', `scores.${r1}:accuracy`, `scores.${r2}:accuracy`]);
  });
});
