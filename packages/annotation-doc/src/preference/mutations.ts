import * as Y from 'yjs';
import { anchorSpan } from '../anchors.ts';
import type { JudgementMode } from '../config.ts';
import { newLocalId } from '../ids.ts';
import type { Strength } from '../seeds.ts';
import { assertSpan, indexOfId } from '../y-values.ts';
import { judgementMap, quotesArray, rankKey, rationaleText, responseText, scoreKey, scoresMap } from './layout.ts';

/** A new quote: a span of a response's text, in character offsets. */
export interface NewQuote {
  responseId: string;
  start: number;
  end: number;
  id?: string;
}

/** Chooses pairwise comparison or ranking; the other mode's answers are kept but not used. */
export function setJudgementMode(doc: Y.Doc, mode: JudgementMode): void {
  doc.transact(() => judgementMap(doc).set('mode', mode));
}

/**
 * Pairwise: chooses the better response (null: no choice yet), and its strength when given.
 *
 * @example
 * setChoice(doc, responses[1].id, 'slightly_better');
 */
export function setChoice(doc: Y.Doc, responseId: string | null, strength?: Strength): void {
  doc.transact(() => {
    const judgement = judgementMap(doc);
    judgement.set('choice', responseId);
    if (strength !== undefined) judgement.set('strength', strength);
  });
}

/** Pairwise: sets how much better the chosen response is (null clears it). */
export function setStrength(doc: Y.Doc, strength: Strength | null): void {
  doc.transact(() => {
    if (strength === null) judgementMap(doc).delete('strength');
    else judgementMap(doc).set('strength', strength);
  });
}

function assertRank(rank: number): void {
  if (!Number.isInteger(rank) || rank < 1) throw new RangeError(`a rank is an integer of at least 1, not ${rank}`);
}

/** Ranking: gives one response a rank (1 = best; equal ranks are ties), or removes it with null. */
export function setRank(doc: Y.Doc, responseId: string, rank: number | null): void {
  if (rank !== null) assertRank(rank);
  doc.transact(() => {
    if (rank === null) judgementMap(doc).delete(rankKey(responseId));
    else judgementMap(doc).set(rankKey(responseId), rank);
  });
}

/**
 * Ranking: sets the whole ranking at once, best first; responses in one group are tied. Responses
 * left out lose their rank.
 *
 * @example
 * setRanking(doc, [[a], [b, c]]); // a is best, b and c tie for second
 */
export function setRanking(doc: Y.Doc, groupsBestFirst: string[][]): void {
  doc.transact(() => {
    const judgement = judgementMap(doc);
    const ranked = new Set<string>();
    groupsBestFirst.forEach((group, index) => {
      for (const responseId of group) {
        ranked.add(responseId);
        if (judgement.get(rankKey(responseId)) !== index + 1) judgement.set(rankKey(responseId), index + 1);
      }
    });
    for (const key of [...judgement.keys()]) {
      if (key.startsWith('rank:') && !ranked.has(key.slice('rank:'.length))) judgement.delete(key);
    }
  });
}

/** Scores a response on a rubric criterion, or removes the score with null. */
export function setScore(doc: Y.Doc, responseId: string, criterionId: string, value: number | null): void {
  if (value !== null && !Number.isFinite(value)) throw new RangeError(`a score is a finite number, not ${value}`);
  doc.transact(() => {
    if (value === null) scoresMap(doc).delete(scoreKey(responseId, criterionId));
    else scoresMap(doc).set(scoreKey(responseId, criterionId), value);
  });
}

/**
 * Quotes a span of a response (character offsets) and appends the quoted words to the rationale as
 * `“…”`, in one transaction. The quote is anchored with relative positions [A3]; throws when the
 * response does not exist or the span is not inside its text.
 */
export function addQuote(doc: Y.Doc, quote: NewQuote): string {
  const text = responseText(doc, quote.responseId);
  if (!text) throw new Error(`no response ${quote.responseId}`);
  assertSpan(quote.start, quote.end, text.length);
  const id = quote.id ?? newLocalId();
  doc.transact(() => {
    const anchors = anchorSpan(text, quote.start, quote.end);
    quotesArray(doc).push([
      new Y.Map<unknown>([
        ['id', id],
        ['responseId', quote.responseId],
        ['start', anchors.start],
        ['end', anchors.end],
      ]),
    ]);
    const rationale = rationaleText(doc);
    const current = rationale.toString();
    const separator = current === '' || /\s$/.test(current) ? '' : ' ';
    rationale.insert(rationale.length, `${separator}“${text.toString().slice(quote.start, quote.end)}”`);
  });
  return id;
}

/** Removes a quote (the words already in the rationale stay: the author may have edited around them). */
export function removeQuote(doc: Y.Doc, quoteId: string): void {
  doc.transact(() => {
    const index = indexOfId(quotesArray(doc), quoteId);
    if (index >= 0) quotesArray(doc).delete(index, 1);
  });
}
