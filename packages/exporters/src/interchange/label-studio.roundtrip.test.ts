// [L7] Round trip through Concord's own Label Studio import (test → app is the only direction allowed:
// the importer's record conversion is pure, so it runs here on the exported rows).
import { initDocument, readDoc, type AlignmentDoc, type Prelabel } from '@concord/annotation-doc';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkItem } from '../../../../apps/server/src/imports/check-item.ts';
import { parseLabelStudioTask } from '../../../../apps/server/src/imports/label-studio.ts';
import type { MediaRecord } from '../../../../apps/server/src/media/types.ts';
import { createMemorySink, fromList } from '../common/index.ts';
import type { ExportItem } from '../types.ts';
import { alignmentItem, goldBox, street } from './fixture.ts';
import { labelStudioFormatter } from './label-studio.ts';

function record(item: ExportItem): MediaRecord {
  const doc = item.annotation as AlignmentDoc;
  return {
    id: doc.image!.mediaId,
    projectId: 'prj_test',
    kind: 'image',
    contentType: 'image/png',
    bytes: 1,
    width: doc.image!.width,
    height: doc.image!.height,
    sha256: '0',
    originalName: `${doc.image!.mediaId}.png`,
    sourceUrl: null,
    createdAt: new Date(0),
  };
}

async function reimport(item: ExportItem) {
  const sink = createMemorySink();
  await labelStudioFormatter.write(fromList([item]), sink, { provenance: true });
  const [task] = JSON.parse(sink.files.get(`${item.split}/tasks.json`)!) as unknown[];
  const parsed = parseLabelStudioTask(task);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const built = parsed.draft.build([record(item)]);
  if (Array.isArray(built)) throw new Error(JSON.stringify(built));
  const checked = checkItem(built, { taskType: 'alignment', config: item.config });
  if (Array.isArray(checked)) throw new Error(JSON.stringify(checked));
  return { ...checked, tags: parsed.draft.tags, needs: parsed.draft.needs };
}

/** The exported annotation as the pre-label the import should give back. */
function expected(item: ExportItem, modelId: string): Prelabel {
  const doc = item.annotation as AlignmentDoc;
  return {
    modelId,
    regions: doc.regions.map((r) => ({ ref: r.id, label: r.label, shape: r.shape! })),
    ...(doc.descriptions.length > 0 ? { descriptions: doc.descriptions.map((d) => ({ region: d.regionId, text: d.text })) } : {}),
    ...(doc.caption !== '' ? { caption: doc.caption } : {}),
  };
}

/** Shapes equal within 1e-6 px (percent conversion is floating point). */
function expectClose(actual: Prelabel, wanted: Prelabel): void {
  const rounded = (p: Prelabel): unknown => JSON.parse(JSON.stringify(p, (_k, v: unknown) => (typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v)));
  expect(rounded(actual)).toEqual(rounded(wanted));
  const numbers = (p: Prelabel) => (p.regions ?? []).flatMap((r) => (r.shape.kind === 'box' ? [r.shape.x, r.shape.y, r.shape.w, r.shape.h] : r.shape.kind === 'polygon' ? r.shape.points.flat() : []));
  const a = numbers(actual);
  const b = numbers(wanted);
  expect(a).toHaveLength(b.length);
  a.forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThan(1e-6));
}

describe('Label Studio round trip through the importer', () => {
  it('[L7][L5] a non-gold item comes back as the pre-label: boxes, polygons, labels, descriptions, caption, tags', async () => {
    const back = await reimport(street);
    expect(back.gold).toBeNull();
    expectClose(back.prelabel!, expected(street, 'concord-export'));
    expect(back.tags).toEqual(street.tags);
    expect(back.seed).toEqual({ taskType: 'alignment', image: (street.annotation as AlignmentDoc).image });
    expect(back.needs[0]!.ref).toBe('images/med_street.png');
  });

  it('[L7][L5] a gold item comes back as gold, with no pre-label (annotators must not see the answer)', async () => {
    const back = await reimport(goldBox);
    expect(back.prelabel).toBeNull();
    expectClose(back.gold!, expected(goldBox, 'gold'));
  });

  it('[L7] the re-imported document has the exported regions, descriptions and caption', async () => {
    const back = await reimport(street);
    const doc = new Y.Doc();
    initDocument(doc, { taskType: 'alignment', itemId: 'again', configVersion: 2, seed: back.seed, prelabel: back.prelabel! });
    const again = readDoc(doc) as AlignmentDoc;
    doc.destroy();
    const original = street.annotation as AlignmentDoc;
    expect(again.caption).toBe(original.caption);
    expect(again.regions.map((r) => r.label)).toEqual(original.regions.map((r) => r.label));
    expect(again.descriptions.map((d) => d.text)).toEqual(original.descriptions.map((d) => d.text));
    const shapes = (d: AlignmentDoc) => d.regions.map((r) => r.shape);
    expect(JSON.stringify(shapes(again))).toBe(JSON.stringify(shapes(original)));
  });

  it('[L2] coordinates finer than 0.01 px come back rounded to 0.01 px (the importer rounds)', async () => {
    const fine = alignmentItem({
      itemId: 'itm_fine',
      split: 'train',
      image: { mediaId: 'med_fine', width: 300, height: 200 },
      caption: '',
      regions: [{ id: 'r_f', label: 'object', shape: { kind: 'box', x: 10.123, y: 5.5, w: 20.456, h: 7 } }],
    });
    const back = await reimport(fine);
    const shape = back.prelabel!.regions![0]!.shape;
    expect(shape).toEqual({ kind: 'box', x: 10.12, y: 5.5, w: 20.46, h: 7 });
  });
});
