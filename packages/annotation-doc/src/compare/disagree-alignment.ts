import type { AlignmentDoc, RegionView } from '../alignment/read.ts';
import { fmt, listing } from '../problems.ts';
import type { Shape } from '../seeds.ts';
import { shapeIou } from './iou.ts';
import { matchByWeight } from './matching.ts';
import { listValues, pairsOf, valueRule, type Disagreement, type Thresholds, type AnnotationVersion } from './rules.ts';

type Drawn = RegionView & { shape: Shape };

/** What one pair of versions found about one field; merged over all pairs into one disagreement [D1]. */
interface Finding {
  field: string;
  kind: 'region-missing' | 'region-overlap' | 'label';
  versions: string[];
  /** AnnotationVersion id → the id of its region. */
  regions: Record<string, string>;
  /** AnnotationVersion id → the label of its region. */
  labels: Record<string, string>;
  /** region-missing: the versions that have the region, and those that have nothing matching it. */
  drawnIn: string[];
  missingIn: string[];
  /** The lowest IoU of the matched regions (region-overlap, label). */
  iou: number;
}

const labelName = (label: string) => (label === '' ? 'unlabelled' : `"${label}"`);

function toDisagreement(f: Finding, t: Thresholds): Disagreement {
  const { field, kind, versions, regions, labels } = f;
  switch (kind) {
    case 'region-missing': {
      const names = listing([...new Set(Object.values(labels))].map(labelName));
      const message = `the ${names} region of ${listing(f.drawnIn)} has no counterpart in ${listing(f.missingIn)}`;
      return { field, kind, message, versions, detail: { regions, labels, drawnIn: f.drawnIn, missingIn: f.missingIn } };
    }
    case 'region-overlap': {
      const message = `the matching regions of ${listing(Object.keys(regions))} overlap too little (IoU ${fmt(f.iou)}, below ${fmt(t.iou)})`;
      return { field, kind, message, versions, detail: { regions, labels, iou: f.iou } };
    }
    case 'label': {
      const message = `the same region has different labels (${listValues(Object.entries(labels), labelName)})`;
      return { field, kind, message, versions, detail: { regions, labels, iou: f.iou } };
    }
  }
}

/** [D7] [D9] [D10] What one pair of versions disagrees on about regions. */
function regionFindings(a: AnnotationVersion<AlignmentDoc>, b: AnnotationVersion<AlignmentDoc>, t: Thresholds): Finding[] {
  // A region a peer stored malformed has no shape to compare (validate reports it).
  const drawn = (doc: AlignmentDoc) => doc.regions.filter((r): r is Drawn => r.shape !== null);
  const [left, right] = [drawn(a.doc), drawn(b.doc)];
  const weights = left.map((x) => right.map((y) => shapeIou(x.shape, y.shape)));
  const pairs = matchByWeight(weights);
  const versions = [a.id, b.id];
  const findings: Finding[] = [];
  for (const [i, j] of pairs) {
    const [x, y] = [left[i], right[j]];
    const iou = weights[i]?.[j] ?? 0;
    if (!x || !y || (iou >= t.iou && x.label === y.label)) continue;
    // Labels of regions that overlap too little may be of different things: the overlap is reported instead.
    const [field, kind] = iou < t.iou ? [`regions.${x.id}.shape`, 'region-overlap' as const] : [`regions.${x.id}.label`, 'label' as const];
    findings.push({ field, kind, versions, regions: { [a.id]: x.id, [b.id]: y.id }, labels: { [a.id]: x.label, [b.id]: y.label }, drawnIn: [], missingIn: [], iou });
  }
  const missing = (owner: string, other: string, r: Drawn): Finding => ({
    field: `regions.${r.id}`,
    kind: 'region-missing',
    versions,
    regions: { [owner]: r.id },
    labels: { [owner]: r.label },
    drawnIn: [owner],
    missingIn: [other],
    iou: 0,
  });
  left.forEach((x, i) => pairs.some(([k]) => k === i) || findings.push(missing(a.id, b.id, x)));
  right.forEach((y, j) => pairs.some(([, k]) => k === j) || findings.push(missing(b.id, a.id, y)));
  return findings;
}

/** One disagreement per field: versions, regions and labels merged, the lowest IoU kept. */
function merge(findings: Finding[], order: string[], t: Thresholds): Disagreement[] {
  const union = (x: string[], y: string[]) => order.filter((id) => x.includes(id) || y.includes(id));
  const byField = new Map<string, Finding>();
  for (const f of findings) {
    const seen = byField.get(f.field);
    if (!seen) byField.set(f.field, { ...f, regions: { ...f.regions }, labels: { ...f.labels } });
    else {
      seen.versions = union(seen.versions, f.versions);
      seen.drawnIn = union(seen.drawnIn, f.drawnIn);
      seen.missingIn = union(seen.missingIn, f.missingIn);
      Object.assign(seen.regions, f.regions);
      Object.assign(seen.labels, f.labels);
      seen.iou = Math.min(seen.iou, f.iou);
    }
  }
  return [...byField.values()].map((f) => toDisagreement(f, t));
}

/** [D11] Lowercase, trimmed, whitespace collapsed, final punctuation stripped. */
export function normaliseAnswer(answer: string): string {
  return answer.trim().toLowerCase().replace(/\s+/g, ' ').replace(/[\p{P}\s]+$/u, '');
}

function vqaDisagreements(versions: readonly AnnotationVersion<AlignmentDoc>[]): Disagreement[] {
  const questions = [...new Set(versions.flatMap((v) => v.doc.vqa.map((pair) => pair.id)))];
  return questions.flatMap((questionId) =>
    valueRule(versions, {
      field: `vqa.${questionId}.answer`,
      kind: 'vqa-answer',
      get: (doc) => {
        const pair = doc.vqa.find((p) => p.id === questionId);
        const answer = pair ? normaliseAnswer(pair.answer) : '';
        // An empty answer is unfinished work (validate reports it), not a disagreement [D1].
        return pair && answer !== '' ? { answer, text: pair.answer.trim(), question: pair.question.trim() } : null;
      },
      differ: (a, b) => a.answer !== b.answer,
      message: (values) => `the answers to "${values[0]?.[1].question ?? ''}" differ (${listValues(values, (v) => `"${v.text}"`)})`,
    }),
  );
}

/** [D7]–[D11] Disagreements between alignment versions: regions (matched by IoU), their labels, VQA answers. */
export function alignmentDisagreements(versions: readonly AnnotationVersion<AlignmentDoc>[], t: Thresholds): Disagreement[] {
  const order = versions.map((v) => v.id);
  const findings = pairsOf(versions).flatMap(([a, b]) => regionFindings(a, b, t));
  return [...merge(findings, order, t), ...vqaDisagreements(versions)];
}
