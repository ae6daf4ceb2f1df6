import { type JudgementMode, setChoice, setJudgementMode, setRank, setRanking, setStrength, type Strength } from '@concord/annotation-doc';
import type * as Y from 'yjs';

// The judgement map's mode, read from the document layout (SPEC: `judgement.mode`).
function currentMode(doc: Y.Doc): unknown {
  return doc.getMap('judgement').get('mode');
}

/** Runs `change` in one transaction that also records the mode the judgement is made in, if unset or different. */
function judged(doc: Y.Doc, mode: JudgementMode, change: () => void): void {
  doc.transact(() => {
    if (currentMode(doc) !== mode) setJudgementMode(doc, mode);
    change();
  });
}

/**
 * Pairwise: the better response (a canonical response id, whatever the display order) or null.
 *
 * @example chooseResponse(doc, shown[1].id) // the response labelled B on this screen
 */
export function chooseResponse(doc: Y.Doc, responseId: string | null): void {
  judged(doc, 'pairwise', () => setChoice(doc, responseId));
}

/** Pairwise: how much better the chosen response is (null clears it). */
export function chooseStrength(doc: Y.Doc, strength: Strength | null): void {
  judged(doc, 'pairwise', () => setStrength(doc, strength));
}

/** Ranking: one response's rank (1 = best, equal ranks tie) or null to unrank it. */
export function rankResponse(doc: Y.Doc, responseId: string, rank: number | null): void {
  judged(doc, 'ranking', () => setRank(doc, responseId, rank));
}

/** Ranking: the whole ranking as groups best first (a drag, a tie); ranks become 1..k without gaps. */
export function applyRanking(doc: Y.Doc, groupsBestFirst: string[][]): void {
  judged(doc, 'ranking', () => setRanking(doc, groupsBestFirst));
}

/** Switches to ranking (offered when a pairwise project has an item with more than two responses). */
export function switchToRanking(doc: Y.Doc): void {
  judged(doc, 'ranking', () => {});
}
