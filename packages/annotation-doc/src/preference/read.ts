import type * as Y from 'yjs';
import { resolveSpan } from '../anchors.ts';
import { judgementModes, type JudgementMode } from '../config.ts';
import { readMeta, type DocMeta } from '../layout.ts';
import { strengths, type Strength } from '../seeds.ts';
import { getArray, getString, getText, mapsOf, stringsOf } from '../y-values.ts';
import { judgementMap, parseScoreKey, promptMap, quotesArray, rationaleText, responsesArray, responseText, scoresMap } from './layout.ts';

/** One response to the prompt. */
export interface ResponseView {
  id: string;
  /** The model that wrote it. */
  modelId: string;
  text: string;
}

/** The judgement of a preference item; only the part of the current mode matters. */
export interface JudgementView {
  /** null until someone (or the pre-label) chose; validate then uses the project's `preferenceMode`. */
  mode: JudgementMode | null;
  /** Pairwise: the chosen response id, or null. */
  choice: string | null;
  /** Pairwise: how much better the choice is, or null. */
  strength: Strength | null;
  /** Ranking: response id → rank (1 = best, equal ranks are ties); only valid ranks (integers ≥ 1). */
  ranks: Record<string, number>;
  /** Ranking: the ranked responses grouped by rank, best first (canonical order within a group). */
  ranking: string[][];
}

/** A quoted span of a response; `start === end === -1` when its anchors cannot be resolved. */
export interface QuoteView {
  id: string;
  responseId: string;
  start: number;
  end: number;
  text: string;
}

/** Plain view of a preference document. */
export interface PreferenceDoc {
  taskType: 'preference';
  meta: DocMeta;
  prompt: { text: string; media: string[] };
  /** Canonical order [A6]; shuffle for display with `displayOrder`. */
  responses: ResponseView[];
  judgement: JudgementView;
  /** responseId → criterionId → score. */
  scores: Record<string, Record<string, number>>;
  rationale: string;
  quotes: QuoteView[];
}

function readJudgement(doc: Y.Doc, responses: ResponseView[]): JudgementView {
  const judgement = judgementMap(doc);
  const mode = getString(judgement, 'mode');
  const choice = judgement.get('choice');
  const strength = getString(judgement, 'strength');
  const ranks: Record<string, number> = {};
  for (const key of [...judgement.keys()].sort()) {
    const value = judgement.get(key);
    if (key.startsWith('rank:') && typeof value === 'number' && Number.isInteger(value) && value >= 1) ranks[key.slice('rank:'.length)] = value;
  }
  const rankValues = [...new Set(Object.values(ranks))].sort((a, b) => a - b);
  const canonical = responses.map((r) => r.id);
  const ordered = [...canonical, ...Object.keys(ranks).filter((id) => !canonical.includes(id)).sort()];
  return {
    mode: judgementModes.find((m) => m === mode) ?? null,
    choice: typeof choice === 'string' ? choice : null,
    strength: strengths.find((s) => s === strength) ?? null,
    ranks,
    ranking: rankValues.map((rank) => ordered.filter((id) => ranks[id] === rank)),
  };
}

function readScores(doc: Y.Doc): Record<string, Record<string, number>> {
  const scores: Record<string, Record<string, number>> = {};
  const keys = [...scoresMap(doc).keys()].sort();
  for (const key of keys) {
    const value = scoresMap(doc).get(key);
    const parsed = parseScoreKey(key);
    if (!parsed || typeof value !== 'number' || !Number.isFinite(value)) continue;
    (scores[parsed.responseId] ??= {})[parsed.criterionId] = value;
  }
  return scores;
}

/** Reads a preference document (never throws on a document made by this package). */
export function readPreference(doc: Y.Doc): PreferenceDoc {
  const prompt = promptMap(doc);
  const responses = mapsOf(responsesArray(doc)).map(
    (response): ResponseView => ({
      id: getString(response, 'id') ?? '',
      modelId: getString(response, 'modelId') ?? '',
      text: getText(response, 'text')?.toString() ?? '',
    }),
  );
  const quotes = mapsOf(quotesArray(doc)).map((quote): QuoteView => {
    const responseId = getString(quote, 'responseId') ?? '';
    const span = resolveSpan(doc, responseText(doc, responseId), quote.get('start'), quote.get('end'));
    return { id: getString(quote, 'id') ?? '', responseId, ...span };
  });
  return {
    taskType: 'preference',
    meta: readMeta(doc),
    prompt: { text: getText(prompt, 'text')?.toString() ?? '', media: stringsOf(getArray(prompt, 'media')) },
    responses,
    judgement: readJudgement(doc, responses),
    scores: readScores(doc),
    rationale: rationaleText(doc).toString(),
    quotes,
  };
}
