import * as Y from 'yjs';
import { anchorSpan } from '../anchors.ts';
import { captionText, descriptionText, imageMap, linksMap, vqaAnswerText, vqaQuestionText } from '../alignment/layout.ts';
import {
  addDescription,
  addRegion,
  addVqa,
  removeDescription,
  removeLink,
  removeRegion,
  removeVqa,
  setImage,
  setVqaEvidence,
  updateRegion,
} from '../alignment/mutations.ts';
import type { AlignmentDoc, LinkView } from '../alignment/read.ts';
import type { FieldDiff } from './diff.ts';
import { pathParts } from './paths.ts';
import { replaceText } from './text-edit.ts';

/**
 * Writes a link of the version as it is there. Not `addLink`: a version may hold a link to a region
 * removed concurrently [A4], or a dangling one, and adopting copies it as it is.
 */
function writeLink(doc: Y.Doc, link: LinkView): void {
  const caption = captionText(doc);
  const resolvable = link.start >= 0 && link.end >= link.start && link.end <= caption.length;
  const anchors = resolvable ? anchorSpan(caption, link.start, link.end) : { start: null, end: null };
  linksMap(doc).set(
    link.id,
    new Y.Map<unknown>([
      ['id', link.id],
      ['regionId', link.regionId],
      ['start', anchors.start],
      ['end', anchors.end],
      ['order', link.order],
    ]),
  );
}

function applyRegion(doc: Y.Doc, from: AlignmentDoc, id: string, field: string | undefined): void {
  const region = from.regions.find((r) => r.id === id);
  // [A4] Removing a region also removes its links and evidence; adoptAll puts back what the version keeps.
  if (!region) return removeRegion(doc, id);
  if (field === 'label') return updateRegion(doc, id, { label: region.label });
  // A shape a peer stored malformed (null in the view) cannot be written back through the mutations.
  if (!region.shape) return;
  if (field === 'shape') return updateRegion(doc, id, { shape: region.shape });
  addRegion(doc, { id, label: region.label, shape: region.shape });
}

function applyVqa(doc: Y.Doc, from: AlignmentDoc, id: string, field: string | undefined): void {
  const pair = from.vqa.find((p) => p.id === id);
  if (!pair) return removeVqa(doc, id);
  if (field === undefined) return void addVqa(doc, pair);
  if (field === 'evidence') return setVqaEvidence(doc, id, pair.evidence);
  const text = field === 'question' ? vqaQuestionText(doc, id) : vqaAnswerText(doc, id);
  if (text) replaceText(text, pair[field === 'question' ? 'question' : 'answer']);
}

function applyDescription(doc: Y.Doc, from: AlignmentDoc, id: string, field: string | undefined): void {
  const description = from.descriptions.find((d) => d.id === id);
  if (!description) return removeDescription(doc, id);
  const text = descriptionText(doc, id);
  if (field === 'text' && text) return replaceText(text, description.text);
  // No mutation re-points a description: write it again under its id, keeping the text it has here.
  const kept = field === 'regionId' && text ? text.toString() : description.text;
  removeDescription(doc, id);
  addDescription(doc, { id, regionId: description.regionId, text: kept });
}

/** Writes one differing field of an alignment version into a live document (inside the caller's transaction). */
export function applyAlignmentDiff(doc: Y.Doc, from: AlignmentDoc, diff: FieldDiff): void {
  const [group, id, field] = pathParts(diff.path);
  if (group === 'image') {
    if (from.image) setImage(doc, from.image);
    else imageMap(doc).clear();
    return;
  }
  if (group === 'caption') return replaceText(captionText(doc), from.caption);
  if (id === undefined) return;
  switch (group) {
    case 'regions':
      return applyRegion(doc, from, id, field);
    case 'links': {
      const link = from.links.find((l) => l.id === id);
      if (link) writeLink(doc, link);
      else removeLink(doc, id);
      return;
    }
    case 'vqa':
      return applyVqa(doc, from, id, field);
    case 'descriptions':
      return applyDescription(doc, from, id, field);
  }
}
