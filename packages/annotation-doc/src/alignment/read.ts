import * as Y from 'yjs';
import { resolveSpan } from '../anchors.ts';
import { byOrderThenId, readMeta, type DocMeta } from '../layout.ts';
import { shapeSchema, type ImageRef, type Shape } from '../seeds.ts';
import { getArray, getNumber, getString, getText, mapsOf, stringsOf, type YRecord } from '../y-values.ts';
import { captionText, descriptionsArray, imageMap, linksMap, regionsMap, vqaArray } from './layout.ts';

/** A region of the image. */
export interface RegionView {
  id: string;
  /** A label id of the project's config ('' when none). */
  label: string;
  /** null when the stored shape is malformed (validate reports it). */
  shape: Shape | null;
  /** Creation order (regions are listed by it, then by id). */
  order: number;
}

/** A link from a span of the caption to a region; `start === end === -1` when its anchors cannot be resolved. */
export interface LinkView {
  id: string;
  /** May name a region that no longer exists (removed concurrently): validate reports it [A4]. */
  regionId: string;
  start: number;
  end: number;
  /** The linked words. */
  text: string;
  order: number;
}

/** A visual question-answer pair. */
export interface VqaView {
  id: string;
  question: string;
  answer: string;
  /** Ids of the regions that support the answer (no duplicates). */
  evidence: string[];
}

/** A description of one region. */
export interface DescriptionView {
  id: string;
  regionId: string;
  text: string;
}

/** Plain view of a vision-language alignment document (also how a bare caption document reads). */
export interface AlignmentDoc {
  taskType: 'alignment';
  meta: DocMeta;
  /** null when no image was set (e.g. a caption document). */
  image: ImageRef | null;
  caption: string;
  /** By creation order, then id. */
  regions: RegionView[];
  /** By creation order, then id. */
  links: LinkView[];
  /** In document order. */
  vqa: VqaView[];
  /** In document order. */
  descriptions: DescriptionView[];
}

/** The records of a map with their keys (a record's key is its id). */
function recordsOf(map: Y.Map<unknown>): [string, YRecord][] {
  return [...map.entries()].filter((entry): entry is [string, YRecord] => entry[1] instanceof Y.Map);
}

function readImage(doc: Y.Doc): ImageRef | null {
  const map = imageMap(doc);
  const mediaId = getString(map, 'mediaId');
  const width = getNumber(map, 'width');
  const height = getNumber(map, 'height');
  return mediaId !== null && width !== null && height !== null ? { mediaId, width, height } : null;
}

/** Reads an alignment document (never throws on a document made by this package). */
export function readAlignment(doc: Y.Doc): AlignmentDoc {
  const caption = captionText(doc);
  const regions = recordsOf(regionsMap(doc))
    .map(([id, region]): RegionView => {
      const shape = shapeSchema.safeParse(region.get('shape'));
      return {
        id,
        label: getString(region, 'label') ?? '',
        shape: shape.success ? shape.data : null,
        order: getNumber(region, 'order') ?? 0,
      };
    })
    .sort(byOrderThenId);
  const links = recordsOf(linksMap(doc))
    .map(
      ([id, link]): LinkView => ({
        id,
        regionId: getString(link, 'regionId') ?? '',
        ...resolveSpan(doc, caption, link.get('start'), link.get('end')),
        order: getNumber(link, 'order') ?? 0,
      }),
    )
    .sort(byOrderThenId);
  const vqa = mapsOf(vqaArray(doc)).map(
    (pair): VqaView => ({
      id: getString(pair, 'id') ?? '',
      question: getText(pair, 'question')?.toString() ?? '',
      answer: getText(pair, 'answer')?.toString() ?? '',
      evidence: stringsOf(getArray(pair, 'evidence')),
    }),
  );
  const descriptions = mapsOf(descriptionsArray(doc)).map(
    (description): DescriptionView => ({
      id: getString(description, 'id') ?? '',
      regionId: getString(description, 'regionId') ?? '',
      text: getText(description, 'text')?.toString() ?? '',
    }),
  );
  return { taskType: 'alignment', meta: readMeta(doc), image: readImage(doc), caption: caption.toString(), regions, links, vqa, descriptions };
}
