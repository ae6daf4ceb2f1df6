import type { AlignmentDoc } from '@concord/annotation-doc';
import { shapeBounds } from './shapes.ts';
import type { LabeledBox, Observation } from './types.ts';

/**
 * [O10] A VQA question as a unit: lowercase, whitespace collapsed, final punctuation dropped, so the same
 * question typed slightly differently by two annotators is one unit.
 */
export function questionUnit(question: string): string {
  return question.trim().toLowerCase().replace(/\s+/g, ' ').replace(/[\p{P}\s]+$/u, '');
}

function regions(view: AlignmentDoc): Observation[] {
  const boxes: LabeledBox[] = [];
  for (const region of view.regions) {
    const box = region.shape === null ? null : shapeBounds(region.shape);
    if (box) boxes.push({ ...box, label: region.label });
  }
  return boxes.length === 0 ? [] : [{ field: 'regions', unit: '', kind: 'regions', value: boxes }];
}

function vqa(view: AlignmentDoc): Observation[] {
  const seen = new Set<string>();
  const out: Observation[] = [];
  for (const pair of view.vqa) {
    const unit = questionUnit(pair.question);
    const answer = pair.answer.trim();
    // The first answered copy of a question counts; an unanswered question is unfinished work, not an answer.
    if (unit === '' || answer === '' || seen.has(unit)) continue;
    seen.add(unit);
    out.push({ field: 'vqa.answer', unit, kind: 'text', value: answer });
  }
  return out;
}

/**
 * [O9] [O10] The comparable parts of an alignment annotation: the regions as labelled bounding boxes, the
 * caption, each VQA answer (one unit per normalised question) and the region descriptions joined by a
 * line break in document order (region ids differ between annotators, so descriptions are compared as one
 * text; chrF is nearly insensitive to their order).
 */
export function observeAlignment(view: AlignmentDoc): Observation[] {
  const caption = view.caption.trim();
  const descriptions = view.descriptions
    .map((d) => d.text.trim())
    .filter((t) => t !== '')
    .join('\n');
  return [
    ...regions(view),
    ...(caption === '' ? [] : [{ field: 'caption', unit: '', kind: 'text' as const, value: caption }]),
    ...vqa(view),
    ...(descriptions === '' ? [] : [{ field: 'descriptions', unit: '', kind: 'text' as const, value: descriptions }]),
  ];
}
