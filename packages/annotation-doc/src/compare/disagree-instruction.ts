import type { InstructionDoc, TurnView } from '../instruction/read.ts';
import { fmt } from '../problems.ts';
import { listValues, pairsOf, valueRule, type Disagreement, type Thresholds, type AnnotationVersion } from './rules.ts';
import { collapseWhitespace, textSimilarity } from './text-similarity.ts';
import { sameValue } from './values.ts';

const assistantTurns = (doc: InstructionDoc) => doc.turns.filter((t) => t.role === 'assistant');

/**
 * [D14] The n-th assistant reply of every version that wrote one, compared pairwise: replies less
 * alike than `textSimilarity` disagree. Replies are paired by their place among the assistant turns,
 * not by id (annotators who write their own reply make their own turn).
 */
function replyDisagreement(versions: readonly AnnotationVersion<InstructionDoc>[], n: number, t: Thresholds): Disagreement[] {
  const replies = versions.flatMap((v): [string, TurnView][] => {
    const turn = assistantTurns(v.doc)[n];
    // An empty reply is unfinished work (validate reports it), not a disagreement [D1].
    return turn && collapseWhitespace(turn.text) !== '' ? [[v.id, turn]] : [];
  });
  const ids = new Set<string>();
  let lowest = 1;
  for (const [[ia, a], [ib, b]] of pairsOf(replies)) {
    const similarity = textSimilarity(a.text, b.text);
    if (similarity >= t.textSimilarity) continue;
    ids.add(ia).add(ib);
    lowest = Math.min(lowest, similarity);
  }
  const involved = replies.filter(([id]) => ids.has(id));
  const first = involved[0];
  if (!first) return [];
  return [
    {
      field: `turns.${first[1].id}.text`,
      kind: 'turn-text',
      message: `assistant reply ${n + 1} differs between the versions (similarity ${fmt(lowest)}, below ${fmt(t.textSimilarity)})`,
      versions: involved.map(([id]) => id),
      detail: { turns: Object.fromEntries(replies.map(([id, turn]) => [id, turn.id])), similarity: lowest },
    },
  ];
}

/** [D12]–[D14] Disagreements between instruction versions: style, the turns of the conversation, assistant replies. */
export function instructionDisagreements(versions: readonly AnnotationVersion<InstructionDoc>[], t: Thresholds): Disagreement[] {
  const replies = Math.max(...versions.map((v) => assistantTurns(v.doc).length));
  return [
    ...valueRule(versions, {
      field: 'instruction.style',
      kind: 'style',
      get: (doc) => doc.instruction.style || null,
      differ: (a, b) => a !== b,
      message: (values) => `the versions give different instruction styles (${listValues(values, String)})`,
    }),
    ...valueRule(versions, {
      field: 'turns',
      kind: 'turns',
      get: (doc) => doc.turns.map((turn) => turn.role ?? 'unknown'),
      differ: (a, b) => !sameValue(a, b),
      message: (values) => `the conversations have different turns (${listValues(values, (roles) => roles.join(', ') || 'none')})`,
    }),
    ...Array.from({ length: replies }, (_, n) => replyDisagreement(versions, n, t)).flat(),
  ];
}
