import * as Y from 'yjs';
import { anchorSpan } from '../anchors.ts';
import type { IdSource } from '../ids.ts';
import type { AlignmentSeed, Prelabel } from '../seeds.ts';
import type { WriteStep } from '../write-step.ts';
import { assertSpan } from '../y-values.ts';
import { captionText, descriptionsArray, imageMap, linksMap, regionsMap, vqaArray } from './layout.ts';

/** Resolves the pre-label's region references (a region's `ref`, or its index as a string) to new region ids. */
function regionResolver(prelabel: Prelabel, regionIds: string[]): (ref: string) => string {
  const byRef = new Map<string, string>();
  prelabel.regions?.forEach((region, i) => {
    if (region.ref !== undefined && regionIds[i] !== undefined) byRef.set(region.ref, regionIds[i]);
  });
  return (ref) => {
    const id = byRef.get(ref) ?? (/^\d+$/.test(ref) ? regionIds[Number(ref)] : undefined);
    if (id === undefined) throw new RangeError(`the pre-label refers to region "${ref}", which it does not define`);
    return id;
  };
}

/** The steps that write an alignment item: image and caption (source), then the pre-label (model). */
export function alignmentSteps(seed: AlignmentSeed, prelabel: Prelabel | undefined, ids: IdSource): WriteStep[] {
  const steps: WriteStep[] = [
    {
      modelId: null,
      write(doc) {
        const image = imageMap(doc);
        image.set('mediaId', seed.image.mediaId);
        image.set('width', seed.image.width);
        image.set('height', seed.image.height);
        if (seed.caption) captionText(doc).insert(0, seed.caption);
      },
    },
  ];
  if (!prelabel) return steps;
  if (seed.caption && prelabel.caption) throw new Error('the item already has a caption; its pre-label cannot set another one');
  const regionIds = (prelabel.regions ?? []).map(() => ids());
  const regionOf = regionResolver(prelabel, regionIds);
  const captionLength = (seed.caption ?? prelabel.caption ?? '').length;
  const links = (prelabel.links ?? []).map((link) => {
    assertSpan(link.start, link.end, captionLength);
    return { id: ids(), regionId: regionOf(link.region), start: link.start, end: link.end };
  });
  const vqa = (prelabel.vqa ?? []).map((pair) => ({ id: ids(), ...pair, evidence: [...new Set((pair.evidence ?? []).map(regionOf))] }));
  const descriptions = (prelabel.descriptions ?? []).map((d) => ({ id: ids(), regionId: regionOf(d.region), text: d.text }));
  steps.push({
    modelId: prelabel.modelId,
    write(doc) {
      const caption = captionText(doc);
      if (prelabel.caption) caption.insert(0, prelabel.caption);
      prelabel.regions?.forEach((region, i) => {
        const id = regionIds[i] ?? ids();
        regionsMap(doc).set(
          id,
          new Y.Map<unknown>([
            ['id', id],
            ['label', region.label],
            ['shape', region.shape],
            ['order', i + 1],
          ]),
        );
      });
      links.forEach((link, i) => {
        const anchors = anchorSpan(caption, link.start, link.end);
        linksMap(doc).set(
          link.id,
          new Y.Map<unknown>([
            ['id', link.id],
            ['regionId', link.regionId],
            ['start', anchors.start],
            ['end', anchors.end],
            ['order', i + 1],
          ]),
        );
      });
      vqaArray(doc).push(
        vqa.map(
          (pair) =>
            new Y.Map<unknown>([
              ['id', pair.id],
              ['question', new Y.Text(pair.question)],
              ['answer', new Y.Text(pair.answer)],
              ['evidence', Y.Array.from(pair.evidence)],
            ]),
        ),
      );
      descriptionsArray(doc).push(
        descriptions.map(
          (d) =>
            new Y.Map<unknown>([
              ['id', d.id],
              ['regionId', d.regionId],
              ['text', new Y.Text(d.text)],
            ]),
        ),
      );
    },
  });
  return steps;
}
