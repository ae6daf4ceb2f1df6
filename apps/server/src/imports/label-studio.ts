import type { Prelabel, Shape } from '@concord/annotation-doc';
import type { MediaRecord } from '../media/types.ts';
import { fail, type Draft, type MediaNeed, type ParseResult } from './draft.ts';
import { contentExternalId } from './external-id.ts';
import { imageOf, tagOf } from './jsonl.ts';
import type { Problem } from './problems.ts';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

const imageName = /\.(png|jpe?g|webp|gif|bmp|tiff?)$/i;
/** Label Studio stores uploads as `/data/upload/<project>/<8 hex>-<original name>`. */
const uploadPrefix = /^[0-9a-f]{8}-/;

/** A region as Label Studio gives it: percentages of the image, turned into pixels once the image size is known. */
interface PercentRegion {
  ref: string | undefined;
  label: string;
  geometry: { kind: 'box'; x: number; y: number; w: number; h: number; rotation: number } | { kind: 'polygon'; points: [number, number][] };
}

interface Annotation {
  modelId: string;
  regions: PercentRegion[];
  caption: string | null;
  descriptions: { region: string; text: string }[];
  tags: string[];
}

/** The image of a task: `data.image`, else the first data value that looks like an image. */
function findImage(data: Json): { key: string; value: string } | null {
  if (typeof data.image === 'string' && data.image !== '') return { key: 'image', value: data.image };
  for (const [key, value] of Object.entries(data)) {
    if (typeof value !== 'string') continue;
    if (/^data:image\//i.test(value) || /^med_[a-z2-7]{32}$/.test(value)) return { key, value };
    if (imageName.test(value.split(/[?#]/)[0] ?? '') || /[?&]d=[^&]+\.(png|jpe?g|webp|gif)/i.test(value)) return { key, value };
  }
  return null;
}

/**
 * The media reference of a Label Studio image value. URLs, data: URIs and media ids are used as they
 * are; Label Studio's own paths (`/data/upload/3/1a2b3c4d-bus.png`, `/data/local-files/?d=dir/bus.png`,
 * also behind `http://host`) become the file name, with the upload hash prefix dropped as a fallback;
 * other paths (`s3://bucket/bus.png`) are tried as given, then by their file name.
 * @example imageRef('/data/upload/3/1a2b3c4d-bus.png', 'data.image') // { ref: '1a2b3c4d-bus.png', fallbacks: ['bus.png'], … }
 */
export function imageRef(value: string, path: string): MediaNeed {
  const need = (ref: string, fallbacks: string[] = []): MediaNeed => {
    const unique = [...new Set(fallbacks)].filter((n) => n !== '' && n !== ref);
    return unique.length > 0 ? { ref, path, kind: 'image', fallbacks: unique } : { ref, path, kind: 'image' };
  };
  const labelStudioPath = /(^|\/)data\/(upload|local-files)\//.test(value);
  if (/^data:/i.test(value) || (/^https?:/i.test(value) && !labelStudioPath)) return need(value);
  const localFile = /[?&]d=([^&#]+)/.exec(value)?.[1];
  let name = (localFile ?? value.split(/[?#]/)[0] ?? '').split('/').pop() ?? '';
  try {
    name = decodeURIComponent(name);
  } catch {
    // Not percent-encoded after all: keep it as it is.
  }
  const stripped = name.replace(uploadPrefix, '');
  if (labelStudioPath && name !== '') return need(name, [stripped]);
  return need(value, value.includes('/') ? [name, stripped] : [stripped]);
}

function labelOf(value: Json): string | undefined {
  for (const key of ['rectanglelabels', 'polygonlabels', 'labels']) {
    const first = strings(value[key])[0];
    if (first) return first;
  }
  return undefined;
}

/** The parts of one prediction or annotation that Concord imports; problems name `<where>.result.<i>`. */
function readResults(results: unknown, where: string, modelId: string): { annotation: Annotation; problems: Problem[] } {
  const annotation: Annotation = { modelId, regions: [], caption: null, descriptions: [], tags: [] };
  const problems: Problem[] = [];
  const list = Array.isArray(results) ? results : [];
  // `<Rectangle>` + `<Labels>` configurations put the label in a separate result with the same id.
  const labelsById = new Map<string, string>();
  for (const r of list) {
    if (isObject(r) && r.type === 'labels' && typeof r.id === 'string' && isObject(r.value)) {
      const label = labelOf(r.value);
      if (label) labelsById.set(r.id, label);
    }
  }
  const texts: { id: string | undefined; text: string }[] = [];
  list.forEach((r, i) => {
    const path = `${where}.result.${i}`;
    if (!isObject(r) || !isObject(r.value)) {
      problems.push({ path, message: 'must be an object with a "value"' });
      return;
    }
    const id = typeof r.id === 'string' && r.id !== '' ? r.id : undefined;
    const v = r.value;
    switch (r.type) {
      case 'rectanglelabels':
      case 'rectangle': {
        const label = labelOf(v) ?? (id ? labelsById.get(id) : undefined);
        if (!label) return void problems.push({ path: `${path}.value.rectanglelabels`, message: 'needs a label' });
        if (![v.x, v.y, v.width, v.height].every(isNumber)) {
          return void problems.push({ path: `${path}.value`, message: 'needs numbers x, y, width and height (percent)' });
        }
        const rotation = isNumber(v.rotation) ? v.rotation : 0;
        annotation.regions.push({
          ref: id,
          label,
          geometry: { kind: 'box', x: v.x as number, y: v.y as number, w: v.width as number, h: v.height as number, rotation },
        });
        return;
      }
      case 'polygonlabels':
      case 'polygon': {
        const label = labelOf(v) ?? (id ? labelsById.get(id) : undefined);
        if (!label) return void problems.push({ path: `${path}.value.polygonlabels`, message: 'needs a label' });
        const points = Array.isArray(v.points) ? v.points : [];
        if (points.length < 3 || !points.every((p) => Array.isArray(p) && p.length >= 2 && isNumber(p[0]) && isNumber(p[1]))) {
          return void problems.push({ path: `${path}.value.points`, message: 'needs at least 3 [x, y] points (percent)' });
        }
        annotation.regions.push({ ref: id, label, geometry: { kind: 'polygon', points: points.map((p) => [p[0] as number, p[1] as number]) } });
        return;
      }
      case 'textarea': {
        const text = strings(v.text).join('\n');
        if (text !== '') texts.push({ id, text });
        return;
      }
      case 'choices':
        annotation.tags.push(...strings(v.choices));
        return;
      default:
        // Other result types (labels handled above, keypoints, brushes, ratings, relations…) are not imported.
        return;
    }
  });
  const regionRefs = new Set(annotation.regions.map((r) => r.ref).filter((r) => r !== undefined));
  for (const t of texts) {
    if (t.id && regionRefs.has(t.id)) annotation.descriptions.push({ region: t.id, text: t.text });
    else annotation.caption = annotation.caption === null ? t.text : `${annotation.caption}\n${t.text}`;
  }
  return { annotation, problems };
}

const round = (value: number) => Math.round(value * 100) / 100;

/**
 * Label Studio geometry in percent of the image → pixels of the stored image. A rotated rectangle
 * (rotation in degrees, clockwise about its top-left corner) becomes a four-point polygon.
 * @example toPixels({ kind: 'box', x: 10, y: 20, w: 50, h: 25, rotation: 0 }, 640, 480) // { kind: 'box', x: 64, y: 96, w: 320, h: 120 }
 */
export function toPixels(geometry: PercentRegion['geometry'], width: number, height: number): Shape {
  const px = (v: number) => (v * width) / 100;
  const py = (v: number) => (v * height) / 100;
  if (geometry.kind === 'polygon') return { kind: 'polygon', points: geometry.points.map(([x, y]) => [round(px(x)), round(py(y))]) };
  const [x, y, w, h] = [px(geometry.x), py(geometry.y), px(geometry.w), py(geometry.h)];
  if (geometry.rotation % 360 === 0) return { kind: 'box', x: round(x), y: round(y), w: round(w), h: round(h) };
  const a = (geometry.rotation * Math.PI) / 180;
  const [cos, sin] = [Math.cos(a), Math.sin(a)];
  const corners: [number, number][] = [
    [x, y],
    [x + w * cos, y + w * sin],
    [x + w * cos - h * sin, y + w * sin + h * cos],
    [x - h * sin, y + h * cos],
  ];
  return { kind: 'polygon', points: corners.map(([cx, cy]) => [round(cx), round(cy)]) };
}

function toPrelabel(a: Annotation, width: number, height: number, hasCaption: boolean): Prelabel | null {
  const prelabel: Prelabel = { modelId: a.modelId };
  if (a.regions.length > 0) {
    prelabel.regions = a.regions.map((r) => ({ ...(r.ref ? { ref: r.ref } : {}), label: r.label, shape: toPixels(r.geometry, width, height) }));
  }
  if (a.descriptions.length > 0) prelabel.descriptions = a.descriptions;
  // The document has one caption: the task's own text wins over a predicted one.
  if (a.caption !== null && !hasCaption) prelabel.caption = a.caption;
  return Object.keys(prelabel).length > 1 ? prelabel : null;
}

/** The prediction to import: the best-scored one, else the first. */
function pickPrediction(predictions: unknown): { index: number; prediction: Json } | null {
  if (!Array.isArray(predictions)) return null;
  let best: { index: number; prediction: Json } | null = null;
  predictions.forEach((p, index) => {
    if (!isObject(p)) return;
    const score = isNumber(p.score) ? p.score : -Infinity;
    const bestScore = best && isNumber(best.prediction.score) ? best.prediction.score : -Infinity;
    if (!best || score > bestScore) best = { index, prediction: p };
  });
  return best;
}

/**
 * One Label Studio task of an alignment project: `data.image` (or the first image-like data value) is
 * the item's image, `data.text` / `data.caption` its caption; the best prediction becomes the
 * pre-label (its `model_version` the model id) and the first `ground_truth` annotation the gold answer.
 * Rectangles and polygons become regions in pixels, per-region text areas descriptions, other text
 * areas the caption, `choices` the item's tags. The external id is `ls-<task id>`.
 */
export function parseLabelStudioTask(value: unknown): ParseResult {
  if (!isObject(value)) return fail('', 'a task must be a JSON object');
  if (!isObject(value.data)) return fail('data', 'is required: the task data, with an image');
  const data = value.data;
  const image = findImage(data);
  if (!image) return fail('data.image', 'is required: the task has no image (data.image or an image URL / file name)');
  const captionValue = typeof data.text === 'string' ? data.text : typeof data.caption === 'string' ? data.caption : undefined;
  const caption = captionValue === '' ? undefined : captionValue;
  const problems: Problem[] = [];

  const picked = pickPrediction(value.predictions);
  let predicted: Annotation | null = null;
  if (picked) {
    const version = picked.prediction.model_version;
    const modelId = typeof version === 'string' && version.trim() !== '' ? version.trim() : isNumber(version) ? String(version) : 'label-studio';
    const read = readResults(picked.prediction.result, `predictions.${picked.index}`, modelId.slice(0, 200));
    predicted = read.annotation;
    problems.push(...read.problems);
  }
  let gold: Annotation | null = null;
  if (Array.isArray(value.annotations)) {
    const index = value.annotations.findIndex((a) => isObject(a) && a.ground_truth === true && a.was_cancelled !== true);
    if (index >= 0) {
      const read = readResults((value.annotations[index] as Json).result, `annotations.${index}`, 'gold');
      gold = read.annotation;
      problems.push(...read.problems);
    }
  }
  if (problems.length > 0) return { ok: false, problems };

  const id = value.id;
  const externalId =
    (typeof id === 'number' && Number.isSafeInteger(id)) || (typeof id === 'string' && id.trim() !== '' && id.length <= 200)
      ? `ls-${String(id).trim()}`
      : contentExternalId(value);
  const tags = [...new Set([...(predicted?.tags ?? []), ...(gold?.tags ?? [])].map(tagOf).filter(Boolean))].slice(0, 50);
  const need = imageRef(image.value, `data.${image.key}`);
  const draft: Draft = {
    externalId,
    tags,
    needs: [need],
    build(media: MediaRecord[]) {
      const stored = imageOf(media[0]!, need);
      if ('path' in stored) return [stored];
      const hasCaption = caption !== undefined;
      return {
        seed: { taskType: 'alignment', image: stored, ...(hasCaption ? { caption } : {}) },
        prelabel: predicted ? toPrelabel(predicted, stored.width, stored.height, hasCaption) : null,
        gold: gold ? toPrelabel(gold, stored.width, stored.height, hasCaption) : null,
      };
    },
  };
  return { ok: true, draft };
}
