import { diffAnnotations, type AlignmentDoc, type AnnotationDoc, type InstructionDoc, type PreferenceDoc, type ProjectConfig, type Shape } from '@concord/annotation-doc';
import { formatValue, type ResponseNamer } from './field-format.ts';

/** One field of a version, readable: its path (what "Use this" adopts), a label and the value as text. */
export interface VersionRow {
  path: string;
  label: string;
  value: string;
}

interface RowOptions {
  config?: ProjectConfig | null;
  responseName?: ResponseNamer;
}

const strengthWords: Record<string, string> = {
  significantly_better: 'significantly better',
  better: 'better',
  slightly_better: 'slightly better',
  negligible_or_unsure: 'negligibly better or unsure',
};

const seconds = (s: number) => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, '0')}`;

function shapeText(shape: Shape | null): string {
  if (!shape) return '(malformed shape)';
  if (shape.kind === 'box') return `box at ${Math.round(shape.x)}, ${Math.round(shape.y)} · ${Math.round(shape.w)} × ${Math.round(shape.h)}`;
  if (shape.kind === 'polygon') return `polygon of ${shape.points.length} points`;
  return 'mask';
}

function preferenceRows(doc: PreferenceDoc, { config, responseName }: RowOptions): VersionRow[] {
  const name = (id: string) => responseName?.(id) ?? 'a response';
  const rows: VersionRow[] = [{ path: 'judgement.mode', label: 'Judgement mode', value: doc.judgement.mode ?? '(empty)' }];
  if (doc.judgement.mode !== 'ranking') {
    rows.push({ path: 'judgement.choice', label: 'Better response', value: doc.judgement.choice ? name(doc.judgement.choice) : '(empty)' });
    rows.push({ path: 'judgement.strength', label: 'How much better', value: doc.judgement.strength ? (strengthWords[doc.judgement.strength] ?? doc.judgement.strength) : '(empty)' });
  }
  if (doc.judgement.mode !== 'pairwise' || Object.keys(doc.judgement.ranks).length > 0) {
    const ranked = Object.entries(doc.judgement.ranks).sort((a, b) => a[1] - b[1]);
    rows.push({ path: 'judgement.ranking', label: 'Ranking', value: ranked.length ? ranked.map(([id, rank]) => `${rank}. ${name(id)}`).join(', ') : '(empty)' });
  }
  const criteria = new Map((config?.rubric ?? []).map((c) => [c.id, c.name]));
  const byName = [...doc.responses].sort((a, b) => name(a.id).localeCompare(name(b.id)));
  for (const response of byName) {
    for (const [criterionId, score] of Object.entries(doc.scores[response.id] ?? {})) {
      rows.push({ path: `scores.${response.id}:${criterionId}`, label: `${criteria.get(criterionId) ?? criterionId} of ${name(response.id)}`, value: String(score) });
    }
  }
  rows.push({ path: 'rationale', label: 'Rationale', value: formatValue(doc.rationale, { max: 600 }) });
  for (const quote of doc.quotes) rows.push({ path: `quotes.${quote.id}`, label: `Quote from ${name(quote.responseId)}`, value: formatValue(quote.text) });
  return rows;
}

function instructionRows(doc: InstructionDoc): VersionRow[] {
  const rows: VersionRow[] = [{ path: 'instruction.style', label: 'Instruction style', value: doc.instruction.style ?? '(empty)' }];
  doc.turns.forEach((turn, index) => {
    rows.push({ path: `turns.${turn.id}`, label: `Turn ${index + 1} (${turn.role ?? 'no role'})`, value: formatValue(turn.text, { max: 600 }) });
  });
  for (const s of doc.transcript) {
    rows.push({ path: `transcript.${s.id}`, label: `Segment ${seconds(s.start)}–${seconds(s.end)}${s.speaker ? ` (${s.speaker})` : ''}`, value: formatValue(s.text) });
  }
  if (doc.summary || doc.transcript.length > 0) rows.push({ path: 'summary', label: 'Summary', value: formatValue(doc.summary, { max: 600 }) });
  return rows;
}

function alignmentRows(doc: AlignmentDoc, { config }: RowOptions): VersionRow[] {
  const labels = new Map((config?.labels ?? []).map((l) => [l.id, l.name]));
  const regionLabel = (id: string) => {
    const region = doc.regions.find((r) => r.id === id);
    return region ? (labels.get(region.label) ?? (region.label || 'unlabelled')) : 'a removed region';
  };
  const rows: VersionRow[] = [{ path: 'caption', label: 'Caption', value: formatValue(doc.caption, { max: 600 }) }];
  for (const r of doc.regions) rows.push({ path: `regions.${r.id}`, label: `Region: ${labels.get(r.label) ?? (r.label || 'unlabelled')}`, value: shapeText(r.shape) });
  for (const l of doc.links) rows.push({ path: `links.${l.id}`, label: `Link “${l.text}”`, value: `→ ${regionLabel(l.regionId)}` });
  for (const q of doc.vqa) {
    const evidence = q.evidence.length ? ` (evidence: ${q.evidence.map(regionLabel).join(', ')})` : '';
    rows.push({ path: `vqa.${q.id}`, label: `Q: ${q.question || '(no question)'}`, value: `${formatValue(q.answer)}${evidence}` });
  }
  for (const d of doc.descriptions) rows.push({ path: `descriptions.${d.id}`, label: `Description of ${regionLabel(d.regionId)}`, value: formatValue(d.text) });
  return rows;
}

/**
 * A version's annotation as readable rows (the item's own content — prompt, responses, media — left
 * out: the versions share it). Preference responses are named by the reader's letters [A6].
 * @example versionRows(version.content, { config, responseName })
 */
export function versionRows(content: AnnotationDoc | null, options: RowOptions = {}): VersionRow[] {
  if (!content) return [];
  switch (content.taskType) {
    case 'preference':
      return preferenceRows(content, options);
    case 'instruction':
      return instructionRows(content);
    case 'alignment':
      return alignmentRows(content, options);
  }
}

/** The rows of several versions merged: every path once, in the order they first appear, with its first label. */
export function mergeRows(perVersion: readonly (readonly VersionRow[])[]): { path: string; label: string }[] {
  const seen = new Map<string, string>();
  for (const rows of perVersion) for (const row of rows) if (!seen.has(row.path)) seen.set(row.path, row.label);
  return [...seen].map(([path, label]) => ({ path, label }));
}

/** Field paths on which some pair of versions differs (diffAnnotations of every pair). Versions of another type are skipped. */
export function differingPaths(contents: readonly (AnnotationDoc | null)[]): Set<string> {
  const docs = contents.filter((c): c is AnnotationDoc => c !== null);
  const paths = new Set<string>();
  for (let i = 0; i < docs.length; i++) {
    for (let j = i + 1; j < docs.length; j++) {
      const [a, b] = [docs[i], docs[j]];
      if (!a || !b || a.taskType !== b.taskType) continue;
      for (const diff of diffAnnotations(a, b)) paths.add(diff.path);
    }
  }
  return paths;
}

/** Whether a row's field is one of `paths`, lies inside one, or holds one (`turns.t1` holds `turns.t1.text`). */
export function touches(rowPath: string, paths: Iterable<string>): boolean {
  for (const p of paths) {
    if (p === '' || rowPath === '') continue;
    if (p === rowPath || p.startsWith(`${rowPath}.`) || rowPath.startsWith(`${p}.`)) return true;
    // A ranking or choice disagreement is about the judgement as a whole.
    if (p === 'judgement' && rowPath.startsWith('judgement.')) return true;
  }
  return false;
}
