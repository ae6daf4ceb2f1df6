import * as Y from 'yjs';
import { anchorSpan } from '../anchors.ts';
import { newLocalId } from '../ids.ts';
import { nextOrder } from '../layout.ts';
import { imageSchema, shapeSchema, type ImageRef, type Shape } from '../seeds.ts';
import { assertSpan, findById, getArray, indexOfId, mapsOf } from '../y-values.ts';
import { captionText, descriptionsArray, imageMap, linksMap, regionRecord, regionsMap, vqaArray } from './layout.ts';

/** A new region: a label id of the project's config and a shape in image pixels. */
export interface NewRegion {
  label: string;
  shape: Shape;
  id?: string;
}

/** A new link from a span of the caption (character offsets) to a region. */
export interface NewLink {
  regionId: string;
  start: number;
  end: number;
  id?: string;
}

/** Sets the image (media id and size in pixels); throws on a malformed image. */
export function setImage(doc: Y.Doc, image: ImageRef): void {
  const { mediaId, width, height } = imageSchema.parse(image);
  doc.transact(() => {
    const map = imageMap(doc);
    map.set('mediaId', mediaId);
    map.set('width', width);
    map.set('height', height);
  });
}

/**
 * Adds a region and returns its id; throws on a malformed shape (a shape outside the image is allowed
 * here and reported by `validate`).
 *
 * @example
 * const id = addRegion(doc, { label: 'person', shape: { kind: 'box', x: 10, y: 20, w: 100, h: 80 } });
 */
export function addRegion(doc: Y.Doc, region: NewRegion): string {
  const shape = shapeSchema.parse(region.shape);
  const id = region.id ?? newLocalId();
  doc.transact(() => {
    const regions = regionsMap(doc);
    regions.set(
      id,
      new Y.Map<unknown>([
        ['id', id],
        ['label', region.label],
        ['shape', shape],
        ['order', nextOrder(regions.values())],
      ]),
    );
  });
  return id;
}

/** Changes a region's label and/or shape (the shape is replaced as a whole); no-op when the region is gone. */
export function updateRegion(doc: Y.Doc, regionId: string, change: { label?: string; shape?: Shape }): void {
  const shape = change.shape === undefined ? undefined : shapeSchema.parse(change.shape);
  doc.transact(() => {
    const region = regionRecord(doc, regionId);
    if (!region) return;
    if (change.label !== undefined) region.set('label', change.label);
    if (shape !== undefined) region.set('shape', shape);
  });
}

/**
 * [A4] Removes a region together with its links and the VQA evidence entries naming it, in one
 * transaction. Grounded descriptions of the region are kept (they hold written text) and reported by
 * `validate` until someone removes or re-points them.
 */
export function removeRegion(doc: Y.Doc, regionId: string): void {
  doc.transact(() => {
    regionsMap(doc).delete(regionId);
    const links = linksMap(doc);
    for (const [linkId, link] of [...links.entries()]) {
      if (link instanceof Y.Map && link.get('regionId') === regionId) links.delete(linkId);
    }
    for (const pair of mapsOf(vqaArray(doc))) {
      const evidence = getArray(pair, 'evidence');
      if (!evidence) continue;
      // Delete from the end so the indexes still to visit stay valid.
      for (let i = evidence.length - 1; i >= 0; i--) if (evidence.get(i) === regionId) evidence.delete(i, 1);
    }
  });
}

/**
 * Links a span of the caption (character offsets) to a region and returns the link's id. Stored as
 * relative positions, so the link stays on its words while the caption is edited [A3]. Throws when the
 * region does not exist or the span is not inside the caption.
 */
export function addLink(doc: Y.Doc, link: NewLink): string {
  if (!regionRecord(doc, link.regionId)) throw new Error(`no region ${link.regionId}`);
  const caption = captionText(doc);
  assertSpan(link.start, link.end, caption.length);
  const id = link.id ?? newLocalId();
  doc.transact(() => {
    const anchors = anchorSpan(caption, link.start, link.end);
    const links = linksMap(doc);
    links.set(
      id,
      new Y.Map<unknown>([
        ['id', id],
        ['regionId', link.regionId],
        ['start', anchors.start],
        ['end', anchors.end],
        ['order', nextOrder(links.values())],
      ]),
    );
  });
  return id;
}

/** Removes a link; no-op when it is already gone. */
export function removeLink(doc: Y.Doc, linkId: string): void {
  doc.transact(() => linksMap(doc).delete(linkId));
}

/** Adds a visual question-answer pair and returns its id. */
export function addVqa(doc: Y.Doc, pair: { question?: string; answer?: string; evidence?: string[]; id?: string } = {}): string {
  const id = pair.id ?? newLocalId();
  doc.transact(() => {
    vqaArray(doc).push([
      new Y.Map<unknown>([
        ['id', id],
        ['question', new Y.Text(pair.question ?? '')],
        ['answer', new Y.Text(pair.answer ?? '')],
        ['evidence', Y.Array.from([...new Set(pair.evidence ?? [])])],
      ]),
    ]);
  });
  return id;
}

/** Removes a VQA pair; no-op when it is already gone. */
export function removeVqa(doc: Y.Doc, vqaId: string): void {
  doc.transact(() => {
    const index = indexOfId(vqaArray(doc), vqaId);
    if (index >= 0) vqaArray(doc).delete(index, 1);
  });
}

/**
 * Sets the regions that support a VQA answer. Evidence is a set: entries no longer wanted are deleted
 * and new ones appended, so concurrent changes by two people merge instead of overwriting.
 */
export function setVqaEvidence(doc: Y.Doc, vqaId: string, regionIds: string[]): void {
  doc.transact(() => {
    const pair = findById(vqaArray(doc), vqaId);
    const evidence = pair ? getArray(pair, 'evidence') : null;
    if (!evidence) return;
    const wanted = new Set(regionIds);
    const kept = new Set<string>();
    for (let i = evidence.length - 1; i >= 0; i--) {
      const value = evidence.get(i);
      // Walking backwards, the first occurrence of a duplicate is the one kept.
      const duplicate = typeof value === 'string' && evidence.toArray().indexOf(value) < i;
      if (typeof value !== 'string' || !wanted.has(value) || duplicate) evidence.delete(i, 1);
      else kept.add(value);
    }
    const added = [...wanted].filter((id) => !kept.has(id));
    if (added.length > 0) evidence.push(added);
  });
}

/** Adds a grounded description of a region and returns its id. */
export function addDescription(doc: Y.Doc, description: { regionId: string; text?: string; id?: string }): string {
  const id = description.id ?? newLocalId();
  doc.transact(() => {
    descriptionsArray(doc).push([
      new Y.Map<unknown>([
        ['id', id],
        ['regionId', description.regionId],
        ['text', new Y.Text(description.text ?? '')],
      ]),
    ]);
  });
  return id;
}

/** Removes a grounded description; no-op when it is already gone. */
export function removeDescription(doc: Y.Doc, descriptionId: string): void {
  doc.transact(() => {
    const index = indexOfId(descriptionsArray(doc), descriptionId);
    if (index >= 0) descriptionsArray(doc).delete(index, 1);
  });
}
