import type { CriterionConfig, JudgementMode, ProjectConfig } from '../config.ts';
import { fmt, listing, type Problem } from '../problems.ts';
import { viewerResponseLabels, type Viewer } from '../display-order.ts';
import type { PreferenceDoc } from './read.ts';

/** How responses are named in messages: "response 2" (canonical position), or the viewer's letter. */
type Names = (responseId: string) => string;

function namesFor(doc: PreferenceDoc, viewer: Viewer | undefined): Names {
  const letters = viewer ? viewerResponseLabels(doc.responses.map((r) => r.id), viewer) : null;
  return (responseId) => {
    const index = doc.responses.findIndex((r) => r.id === responseId);
    if (index < 0) return 'a response that is not part of this item';
    return `response ${letters?.get(responseId) ?? String(index + 1)}`;
  };
}

function pairwiseProblems(doc: PreferenceDoc): Problem[] {
  const count = doc.responses.length;
  if (count !== 2) {
    return [{ path: 'judgement.mode', message: `a pairwise choice needs exactly 2 responses, but this item has ${count}: rank them instead` }];
  }
  const out: Problem[] = [];
  const { choice, strength } = doc.judgement;
  if (choice === null) out.push({ path: 'judgement.choice', message: 'choose the better response' });
  else if (!doc.responses.some((r) => r.id === choice)) out.push({ path: 'judgement.choice', message: 'the chosen response is not one of this item’s responses' });
  if (strength === null) out.push({ path: 'judgement.strength', message: 'say how much better the chosen response is' });
  return out;
}

function rankingProblems(doc: PreferenceDoc, name: Names): Problem[] {
  const out: Problem[] = [];
  const ranks = doc.judgement.ranks;
  const unranked = doc.responses.flatMap((r) => (ranks[r.id] === undefined ? [name(r.id).replace(/^response /, '')] : [])).sort();
  if (unranked.length === 1) out.push({ path: 'judgement.ranking', message: `response ${unranked[0] ?? ''} is not ranked` });
  if (unranked.length > 1) out.push({ path: 'judgement.ranking', message: `responses ${listing(unranked)} are not ranked` });
  if (Object.keys(ranks).some((id) => !doc.responses.some((r) => r.id === id))) {
    out.push({ path: 'judgement.ranking', message: 'a rank is given to a response that is not part of this item' });
  }
  const given = doc.responses.flatMap((r) => {
    const rank = ranks[r.id];
    return rank === undefined ? [] : [rank];
  });
  const used = [...new Set(given)].sort((a, b) => a - b);
  if (used.some((rank, i) => rank !== i + 1)) {
    out.push({ path: 'judgement.ranking', message: `ranks must run from 1 without gaps (ties share a rank), but they are ${listing(used.map(String))}` });
  }
  return out;
}

function scoreProblem(criterion: CriterionConfig, value: number): string | null {
  if (value < criterion.min || value > criterion.max) {
    return `${criterion.name} must be between ${fmt(criterion.min)} and ${fmt(criterion.max)} (got ${fmt(value)})`;
  }
  const steps = (value - criterion.min) / criterion.step;
  if (Math.abs(steps - Math.round(steps)) > 1e-9) return `${criterion.name} goes in steps of ${fmt(criterion.step)} from ${fmt(criterion.min)} (got ${fmt(value)})`;
  return null;
}

function scoresProblems(doc: PreferenceDoc, config: ProjectConfig, name: Names): Problem[] {
  const out: Problem[] = [];
  const criteria = new Map(config.rubric.map((c) => [c.id, c]));
  for (const [responseId, scores] of Object.entries(doc.scores)) {
    for (const [criterionId, value] of Object.entries(scores)) {
      const path = `scores.${responseId}:${criterionId}`;
      const criterion = criteria.get(criterionId);
      if (!doc.responses.some((r) => r.id === responseId)) out.push({ path, message: 'this score is for a response that is not part of this item' });
      else if (!criterion) out.push({ path, message: `"${criterionId}" is not a criterion of this project's rubric` });
      else {
        const message = scoreProblem(criterion, value);
        if (message) out.push({ path, message: `${message} for ${name(responseId)}` });
      }
    }
  }
  if (!config.requireAllScores) return out;
  // In the viewer's order: listing them canonically would give the canonical order away [A6].
  const inViewerOrder = [...doc.responses].sort((a, b) => name(a.id).localeCompare(name(b.id), 'en', { numeric: true }));
  for (const response of inViewerOrder) {
    for (const criterion of config.rubric) {
      if (doc.scores[response.id]?.[criterion.id] === undefined) {
        out.push({ path: `scores.${response.id}:${criterion.id}`, message: `score ${name(response.id)} on ${criterion.name}` });
      }
    }
  }
  return out;
}

function quoteProblems(doc: PreferenceDoc, name: Names): Problem[] {
  return doc.quotes.flatMap((quote, i): Problem[] => {
    const path = `quotes.${quote.id}`;
    if (!doc.responses.some((r) => r.id === quote.responseId)) return [{ path, message: `quote ${i + 1} is from a response that is not part of this item` }];
    if (quote.start < 0) return [{ path, message: `the words of quote ${i + 1} are no longer in ${name(quote.responseId)}` }];
    if (quote.start === quote.end) return [{ path, message: `quote ${i + 1} covers no words` }];
    return [];
  });
}

/**
 * Problems of a preference document: judgement (of the current mode), scores, rationale, quotes.
 * With a `viewer`, responses are named by the letters that person sees [A6].
 */
export function validatePreference(doc: PreferenceDoc, config: ProjectConfig, viewer?: Viewer): Problem[] {
  const mode: JudgementMode = doc.judgement.mode ?? config.preferenceMode;
  const name = namesFor(doc, viewer);
  const out = mode === 'pairwise' ? pairwiseProblems(doc) : rankingProblems(doc, name);
  out.push(...scoresProblems(doc, config, name));
  const written = doc.rationale.trim().length;
  if (written < config.minRationaleLength) {
    out.push({ path: 'rationale', message: `write at least ${config.minRationaleLength} characters of rationale (${written} so far)` });
  }
  out.push(...quoteProblems(doc, name));
  return out;
}
