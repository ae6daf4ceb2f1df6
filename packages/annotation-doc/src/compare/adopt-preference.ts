import * as Y from 'yjs';
import { anchorSpan } from '../anchors.ts';
import { judgementMap, parseScoreKey, promptText, quotesArray, rationaleText, responseText } from '../preference/layout.ts';
import { removeQuote, setChoice, setJudgementMode, setRank, setScore, setStrength } from '../preference/mutations.ts';
import { readPreference, type PreferenceDoc, type QuoteView } from '../preference/read.ts';
import type { FieldDiff } from './diff.ts';
import { itemContentError, pathParts } from './paths.ts';
import { replaceText } from './text-edit.ts';

/**
 * Writes a quote of the version as it is there. Not `addQuote`: that also appends the quoted words to
 * the rationale, which is adopted as its own field. A quote dangling in the version stays dangling.
 */
function writeQuote(doc: Y.Doc, quote: QuoteView): void {
  const text = responseText(doc, quote.responseId);
  const resolvable = text !== null && quote.start >= 0 && quote.end >= quote.start && quote.end <= text.length;
  const anchors = resolvable ? anchorSpan(text, quote.start, quote.end) : { start: null, end: null };
  quotesArray(doc).push([
    new Y.Map<unknown>([
      ['id', quote.id],
      ['responseId', quote.responseId],
      ['start', anchors.start],
      ['end', anchors.end],
    ]),
  ]);
}

function applyJudgement(doc: Y.Doc, from: PreferenceDoc, field: string | undefined): void {
  const judgement = from.judgement;
  switch (field ?? '') {
    case 'mode':
      if (judgement.mode === null) judgementMap(doc).delete('mode');
      else setJudgementMode(doc, judgement.mode);
      return;
    case 'choice':
      return setChoice(doc, judgement.choice);
    case 'strength':
      return setStrength(doc, judgement.strength);
    case 'ranking': {
      const ids = new Set([...Object.keys(readPreference(doc).judgement.ranks), ...Object.keys(judgement.ranks)]);
      for (const id of ids) setRank(doc, id, judgement.ranks[id] ?? null);
    }
  }
}

/** Writes one differing field of a preference version into a live document (inside the caller's transaction). */
export function applyPreferenceDiff(doc: Y.Doc, from: PreferenceDoc, diff: FieldDiff): void {
  const [group, id, field] = pathParts(diff.path);
  switch (group) {
    case 'prompt': {
      const text = promptText(doc);
      if (id !== 'text' || !text) throw itemContentError(diff.path);
      return replaceText(text, from.prompt.text);
    }
    case 'responses': {
      const text = responseText(doc, id ?? '');
      const response = from.responses.find((r) => r.id === id);
      if (field !== 'text' || !text || !response) throw itemContentError(diff.path);
      return replaceText(text, response.text);
    }
    case 'judgement':
      return applyJudgement(doc, from, id);
    case 'scores': {
      const key = parseScoreKey(id ?? '');
      if (key) setScore(doc, key.responseId, key.criterionId, from.scores[key.responseId]?.[key.criterionId] ?? null);
      return;
    }
    case 'rationale':
      return replaceText(rationaleText(doc), from.rationale);
    case 'quotes': {
      if (id === undefined) return;
      removeQuote(doc, id);
      const quote = from.quotes.find((q) => q.id === id);
      if (quote) writeQuote(doc, quote);
    }
  }
}
