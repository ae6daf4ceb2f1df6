import type { AlignmentDoc } from '../alignment/read.ts';
import type { InstructionDoc } from '../instruction/read.ts';
import type { PreferenceDoc } from '../preference/read.ts';
import type { AnnotationDoc } from '../read.ts';
import { byId, mergeOrder, sameSet, sameValue } from './values.ts';

/**
 * One field that differs between two versions of a document. `added`: the field or record is only in
 * the second version (`before` is undefined, or null for a value that was unset); `removed`: only in
 * the first; `changed`: in both, with different values.
 */
export interface FieldDiff {
  /** A field path as `validate` and `provenanceOf` name it: `turns.<id>.text`, `scores.<responseId>:<criterionId>` … */
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before: unknown;
  after: unknown;
}

type Out = FieldDiff[];

/** A single value; null and undefined mean unset. */
function value(out: Out, path: string, before: unknown, after: unknown): void {
  if (sameValue(before, after)) return;
  const kind = before == null ? 'added' : after == null ? 'removed' : 'changed';
  out.push({ path, kind, before, after });
}

/** Records of a list by id, in merged document order: added, removed, or compared field by field. */
function records<T extends { id: string }>(out: Out, prefix: string, before: readonly T[], after: readonly T[], fields: (path: string, a: T, b: T) => void): void {
  const a = byId(before);
  const b = byId(after);
  for (const id of mergeOrder([...a.keys()], [...b.keys()])) {
    const left = a.get(id);
    const right = b.get(id);
    const path = `${prefix}.${id}`;
    if (left && right) fields(path, left, right);
    else if (right) out.push({ path, kind: 'added', before: undefined, after: right });
    else if (left) out.push({ path, kind: 'removed', before: left, after: undefined });
  }
}

function withoutOrder<T extends { order: number }>(record: T): Omit<T, 'order'> {
  const { order: _order, ...rest } = record;
  return rest;
}

function diffInstruction(out: Out, a: InstructionDoc, b: InstructionDoc): void {
  value(out, 'media', a.media, b.media);
  records(out, 'turns', a.turns, b.turns, (path, x, y) => {
    value(out, `${path}.role`, x.role, y.role);
    value(out, `${path}.text`, x.text, y.text);
  });
  // The conversation order, reported only when turns present in both changed places.
  const common = new Set(b.turns.map((t) => t.id));
  const kept = a.turns.map((t) => t.id).filter((id) => common.has(id));
  const keptAfter = b.turns.map((t) => t.id).filter((id) => kept.includes(id));
  if (!sameValue(kept, keptAfter)) out.push({ path: 'turns', kind: 'changed', before: a.turns.map((t) => t.id), after: b.turns.map((t) => t.id) });
  value(out, 'instruction.style', a.instruction.style, b.instruction.style);
  records(out, 'transcript', a.transcript, b.transcript, (path, x, y) => {
    for (const key of ['start', 'end', 'speaker', 'text'] as const) value(out, `${path}.${key}`, x[key], y[key]);
  });
  value(out, 'summary', a.summary, b.summary);
}

function scoreKeys(a: PreferenceDoc, b: PreferenceDoc): string[] {
  const responses = mergeOrder(a.responses.map((r) => r.id), b.responses.map((r) => r.id));
  const keys = new Map<string, [number, string]>();
  for (const doc of [a, b]) {
    for (const [responseId, scores] of Object.entries(doc.scores)) {
      const index = responses.indexOf(responseId);
      for (const criterionId of Object.keys(scores)) keys.set(`${responseId}:${criterionId}`, [index < 0 ? responses.length : index, `${responseId}:${criterionId}`]);
    }
  }
  return [...keys.values()].sort((x, y) => x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0)).map(([, key]) => key);
}

function diffPreference(out: Out, a: PreferenceDoc, b: PreferenceDoc): void {
  value(out, 'prompt.text', a.prompt.text, b.prompt.text);
  value(out, 'prompt.media', a.prompt.media, b.prompt.media);
  records(out, 'responses', a.responses, b.responses, (path, x, y) => value(out, `${path}.text`, x.text, y.text));
  value(out, 'judgement.mode', a.judgement.mode, b.judgement.mode);
  value(out, 'judgement.choice', a.judgement.choice, b.judgement.choice);
  value(out, 'judgement.strength', a.judgement.strength, b.judgement.strength);
  // Ranks as stored (1, 3 is not 1, 2), so adopting a ranking copies it exactly.
  if (!sameValue(a.judgement.ranks, b.judgement.ranks)) out.push({ path: 'judgement.ranking', kind: 'changed', before: a.judgement.ranks, after: b.judgement.ranks });
  for (const key of scoreKeys(a, b)) {
    const at = key.indexOf(':');
    const [responseId, criterionId] = [key.slice(0, at), key.slice(at + 1)];
    value(out, `scores.${key}`, a.scores[responseId]?.[criterionId], b.scores[responseId]?.[criterionId]);
  }
  value(out, 'rationale', a.rationale, b.rationale);
  records(out, 'quotes', a.quotes, b.quotes, (path, x, y) => value(out, path, x, y));
}

function diffAlignment(out: Out, a: AlignmentDoc, b: AlignmentDoc): void {
  value(out, 'image', a.image, b.image);
  value(out, 'caption', a.caption, b.caption);
  records(out, 'regions', a.regions.map(withoutOrder), b.regions.map(withoutOrder), (path, x, y) => {
    value(out, `${path}.label`, x.label, y.label);
    value(out, `${path}.shape`, x.shape, y.shape);
  });
  records(out, 'links', a.links.map(withoutOrder), b.links.map(withoutOrder), (path, x, y) => value(out, path, x, y));
  records(out, 'vqa', a.vqa, b.vqa, (path, x, y) => {
    value(out, `${path}.question`, x.question, y.question);
    value(out, `${path}.answer`, x.answer, y.answer);
    // Evidence is a set (setVqaEvidence): its order is not compared.
    if (!sameSet(x.evidence, y.evidence)) out.push({ path: `${path}.evidence`, kind: 'changed', before: x.evidence, after: y.evidence });
  });
  records(out, 'descriptions', a.descriptions, b.descriptions, (path, x, y) => {
    value(out, `${path}.regionId`, x.regionId, y.regionId);
    value(out, `${path}.text`, x.text, y.text);
  });
}

/**
 * [C1] [C2] The fields in which `b` differs from `a`, in document order, named by the field paths of
 * `validate` and `provenanceOf`. Records are matched by id: a record only in `b` is one `added` entry
 * (its whole view as `after`), only in `a` one `removed` entry. Pure; throws a TypeError when the two
 * documents are of different task types.
 *
 * @example
 * // A reviewer's edits against the annotator's submitted version:
 * for (const d of diffAnnotations(readDoc(submitted), readDoc(reviewed))) show(d.path, d.before, d.after);
 */
export function diffAnnotations(a: AnnotationDoc, b: AnnotationDoc): FieldDiff[] {
  const out: Out = [];
  if (a.taskType === 'instruction' && b.taskType === 'instruction') diffInstruction(out, a, b);
  else if (a.taskType === 'preference' && b.taskType === 'preference') diffPreference(out, a, b);
  else if (a.taskType === 'alignment' && b.taskType === 'alignment') diffAlignment(out, a, b);
  else throw new TypeError(`cannot compare a ${a.taskType} document with a ${b.taskType} document`);
  return out;
}
