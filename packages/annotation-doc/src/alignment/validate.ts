import type { ProjectConfig } from '../config.ts';
import { listing, type Problem } from '../problems.ts';
import type { AlignmentDoc } from './read.ts';
import { shapeProblems } from './shape-problems.ts';

function imageProblems(doc: AlignmentDoc): Problem[] {
  if (doc.image && (doc.image.width <= 0 || doc.image.height <= 0)) return [{ path: 'image', message: 'the size of the image is unknown' }];
  if (!doc.image && doc.regions.length > 0) return [{ path: 'image', message: 'regions are drawn but the document has no image' }];
  return [];
}

function regionProblems(doc: AlignmentDoc, config: ProjectConfig): Problem[] {
  const labels = new Set(config.labels.map((l) => l.id));
  const names = config.labels.map((l) => l.name);
  return doc.regions.flatMap((region): Problem[] => {
    const out: Problem[] = [];
    const shapePath = `regions.${region.id}.shape`;
    if (!region.shape) out.push({ path: shapePath, message: 'the region has no valid shape' });
    else out.push(...shapeProblems(region.shape, doc.image).map((message) => ({ path: shapePath, message })));
    if (labels.size === 0) return out;
    const labelPath = `regions.${region.id}.label`;
    if (region.label === '') out.push({ path: labelPath, message: 'the region has no label' });
    else if (!labels.has(region.label)) out.push({ path: labelPath, message: `"${region.label}" is not one of this project's labels (${listing(names)})` });
    return out;
  });
}

function linkProblems(doc: AlignmentDoc): Problem[] {
  const regions = new Set(doc.regions.map((r) => r.id));
  return doc.links.flatMap((link): Problem[] => {
    const out: Problem[] = [];
    // [A4] A link to a region removed concurrently stays in the document and is reported here.
    if (!regions.has(link.regionId)) out.push({ path: `links.${link.id}.regionId`, message: 'the linked region no longer exists' });
    if (link.start < 0) out.push({ path: `links.${link.id}`, message: 'the linked words are no longer in the caption' });
    else if (link.start === link.end) out.push({ path: `links.${link.id}`, message: 'the link covers no words of the caption' });
    return out;
  });
}

function vqaProblems(doc: AlignmentDoc): Problem[] {
  const regions = new Set(doc.regions.map((r) => r.id));
  return doc.vqa.flatMap((pair, i): Problem[] => {
    const out: Problem[] = [];
    if (pair.question.trim() === '') out.push({ path: `vqa.${pair.id}.question`, message: `question ${i + 1} is empty` });
    if (pair.answer.trim() === '') out.push({ path: `vqa.${pair.id}.answer`, message: `the answer to question ${i + 1} is empty` });
    if (pair.evidence.some((id) => !regions.has(id))) {
      out.push({ path: `vqa.${pair.id}.evidence`, message: `the evidence for question ${i + 1} names a region that no longer exists` });
    }
    return out;
  });
}

function descriptionProblems(doc: AlignmentDoc): Problem[] {
  const regions = new Set(doc.regions.map((r) => r.id));
  return doc.descriptions.flatMap((description, i): Problem[] => {
    const out: Problem[] = [];
    if (!regions.has(description.regionId)) out.push({ path: `descriptions.${description.id}.regionId`, message: `description ${i + 1} is about a region that no longer exists` });
    if (description.text.trim() === '') out.push({ path: `descriptions.${description.id}.text`, message: `description ${i + 1} is empty` });
    return out;
  });
}

/** Problems of an alignment document: image, region shapes and labels, links, VQA pairs, descriptions. */
export function validateAlignment(doc: AlignmentDoc, config: ProjectConfig): Problem[] {
  return [...imageProblems(doc), ...regionProblems(doc, config), ...linkProblems(doc), ...vqaProblems(doc), ...descriptionProblems(doc)];
}
