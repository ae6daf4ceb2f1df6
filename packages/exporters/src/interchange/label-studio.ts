import type { AlignmentDoc, LabelConfig, Shape } from '@concord/annotation-doc';
import { concordColumn, splitPath, writeJsonArray, type RowWriter } from '../common/index.ts';
import { noRows, type ExportItem, type FormatResult, type Formatter, type SkippedItem, type Split } from '../types.ts';

/** Control-tag names of the Label Studio labeling config the tasks are written for [L3]. */
export const labelStudioNames = {
  image: 'image',
  rectangle: 'label',
  polygon: 'polygon',
  caption: 'caption',
  description: 'description',
  tags: 'tags',
} as const;

/** Model version of the prediction copy of a non-gold annotation [L5]. */
export const labelStudioModelVersion = 'concord-export';

type Result = Record<string, unknown>;

/**
 * [L4] The value Label Studio shows for a label: its name, unless the importer's matching (exact id,
 * then case-insensitive name or id) would resolve that name to another label; then the id.
 */
export function labelValue(label: LabelConfig, labels: readonly LabelConfig[]): string {
  if (labels.some((l) => l.id === label.name)) return label.id;
  const key = label.name.trim().toLowerCase();
  let resolved: string | undefined;
  for (const l of labels) {
    if (l.name.toLowerCase() === key) resolved = l.id;
    if (l.id.toLowerCase() === key) resolved = l.id;
  }
  return resolved === label.id ? label.name : label.id;
}

/** [L2] Pixels → percent of the image (Label Studio's unit), not rounded. */
const percent = (value: number, size: number): number => (value * 100) / size;

function regionResult(id: string, shape: Shape, label: string, width: number, height: number): Result | null {
  const base = { id, to_name: labelStudioNames.image, original_width: width, original_height: height, image_rotation: 0 };
  if (shape.kind === 'box') {
    return {
      ...base,
      from_name: labelStudioNames.rectangle,
      type: 'rectanglelabels',
      value: { x: percent(shape.x, width), y: percent(shape.y, height), width: percent(shape.w, width), height: percent(shape.h, height), rotation: 0, rectanglelabels: [label] },
    };
  }
  if (shape.kind === 'polygon') {
    return {
      ...base,
      from_name: labelStudioNames.polygon,
      type: 'polygonlabels',
      value: { points: shape.points.map(([x, y]) => [percent(x, width), percent(y, height)]), polygonlabels: [label] },
    };
  }
  return null;
}

/** The results of one alignment annotation, and the parts Label Studio (or Concord's importer of it) cannot carry. */
export function labelStudioResults(item: ExportItem, doc: AlignmentDoc, width: number, height: number): { result: Result[]; problems: string[] } {
  const result: Result[] = [];
  const problems: string[] = [];
  const written = new Set<string>();
  // Result ids of the caption and the tags must not be a region's (the importer would take the caption for its description).
  const freeId = (base: string): string => {
    let id = base;
    for (let n = 1; doc.regions.some((r) => r.id === id); n += 1) id = `${base}-${n}`;
    return id;
  };
  for (const region of doc.regions) {
    const label = item.config.labels.find((l) => l.id === region.label);
    if (!region.shape) problems.push(`region ${region.id}: no usable shape`);
    else if (!label) problems.push(`region ${region.id}: label '${region.label}' is not in the project config`);
    else {
      const r = regionResult(region.id, region.shape, labelValue(label, item.config.labels), width, height);
      if (r) {
        result.push(r);
        written.add(region.id);
      } else problems.push(`region ${region.id}: ${region.shape.kind} regions are not imported from Label Studio (boxes and polygons only)`);
    }
  }
  for (const d of doc.descriptions) {
    if (d.text === '') continue;
    if (!written.has(d.regionId)) problems.push(`description ${d.id}: its region ${d.regionId} is not written`);
    else result.push({ id: d.regionId, from_name: labelStudioNames.description, to_name: labelStudioNames.image, type: 'textarea', value: { text: [d.text] } });
  }
  if (doc.caption !== '') {
    result.push({ id: freeId('caption'), from_name: labelStudioNames.caption, to_name: labelStudioNames.image, type: 'textarea', value: { text: [doc.caption] } });
  }
  if (item.tags.length > 0) {
    result.push({ id: freeId('tags'), from_name: labelStudioNames.tags, to_name: labelStudioNames.image, type: 'choices', value: { choices: [...item.tags] } });
  }
  for (const link of doc.links) problems.push(`link ${link.id}: caption-span links have no Label Studio result Concord imports`);
  for (const pair of doc.vqa) problems.push(`vqa ${pair.id}: question-answer pairs have no Label Studio result Concord imports`);
  return { result, problems };
}

/**
 * [L1] One Label Studio task of an item, or the reason it cannot be written. `id` is the task's number
 * in the export (1-based, over all splits).
 */
export function labelStudioTask(item: ExportItem, id: number, provenance: boolean): { task: Result; media: string | null; problems: string[] } | { reason: string } {
  const doc = item.annotation;
  if (doc.taskType !== 'alignment') return { reason: `not an alignment item (${doc.taskType}): Concord imports Label Studio tasks into alignment projects only` };
  if (!doc.image) return { reason: 'the item has no image' };
  const medium = item.media[doc.image.mediaId];
  const image = medium?.path ?? medium?.url ?? null;
  if (!image) return { reason: `image ${doc.image.mediaId} has neither a path nor a URL in the export` };
  const { width, height } = doc.image;
  const { result, problems } = labelStudioResults(item, doc, width, height);
  // Label Studio rejects a `completed_by` that is not one of its users (id or { email }); null means
  // "the importing user". Who annotated travels in `meta.concord` [L6].
  const annotation = { id, completed_by: null, ground_truth: item.gold, result };
  const task: Result = { id, data: { image }, annotations: [annotation] };
  if (!item.gold) task.predictions = [{ model_version: labelStudioModelVersion, score: 1, result }];
  if (provenance) task.meta = { concord: concordColumn(item) };
  return { task, media: medium?.path ? doc.image.mediaId : null, problems };
}

const xml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * [L3] The Label Studio labeling config the tasks are written for: one image, rectangle and polygon
 * labels (every label met, in config order), a caption, per-region descriptions and, when items have
 * tags, a multiple choice of them (Label Studio checks predictions against the config's choices).
 */
export function labelStudioConfig(labels: readonly LabelConfig[], tags: readonly string[] = []): string {
  const n = labelStudioNames;
  const options = labels.map((l) => `    <Label value="${xml(labelValue(l, labels))}" background="${xml(l.color)}"/>`).join('\n');
  const choices = tags.map((t) => `    <Choice value="${xml(t)}"/>`).join('\n');
  return [
    '<View>',
    `  <Image name="${n.image}" value="$image"/>`,
    `  <RectangleLabels name="${n.rectangle}" toName="${n.image}">`,
    options,
    '  </RectangleLabels>',
    `  <PolygonLabels name="${n.polygon}" toName="${n.image}">`,
    options,
    '  </PolygonLabels>',
    `  <TextArea name="${n.caption}" toName="${n.image}" editable="true"/>`,
    `  <TextArea name="${n.description}" toName="${n.image}" perRegion="true" editable="true"/>`,
    ...(tags.length > 0 ? [`  <Choices name="${n.tags}" toName="${n.image}" choice="multiple">`, choices, '  </Choices>'] : []),
    '</View>',
  ]
    .filter((line) => line !== '')
    .join('\n')
    .concat('\n');
}

/**
 * [L1]–[L6] Label Studio task JSON: per split `<split>/tasks.json`, one streamed JSON array of tasks,
 * and `label_config.xml` (written last) with the labeling config they fit. Alignment items only: they are
 * what Concord's Label Studio import reads back.
 */
export const labelStudioFormatter: Formatter = {
  id: 'label-studio',
  taskTypes: ['alignment'],
  async write(items, sink, options) {
    const writers = new Map<Split, RowWriter>();
    const files: string[] = [];
    const skipped: SkippedItem[] = [];
    const media = new Set<string>();
    const labels = new Map<string, LabelConfig>();
    const tags = new Set<string>();
    let rows = 0;
    const rowsBySplit = noRows();
    for await (const item of items) {
      const built = labelStudioTask(item, rows + 1, options.provenance);
      if ('reason' in built) {
        skipped.push({ itemId: item.itemId, reason: built.reason });
        continue;
      }
      for (const problem of built.problems) skipped.push({ itemId: item.itemId, reason: problem });
      for (const l of item.config.labels) if (!labels.has(l.id)) labels.set(l.id, l);
      for (const t of item.tags) tags.add(t);
      let writer = writers.get(item.split);
      if (!writer) {
        const path = splitPath(item.split, 'tasks.json');
        writer = writeJsonArray(sink.open(path));
        writers.set(item.split, writer);
        files.push(path);
      }
      await writer.write(built.task);
      if (built.media) media.add(built.media);
      rows += 1;
      rowsBySplit[item.split] += 1;
    }
    for (const writer of writers.values()) await writer.close();
    if (rows > 0) {
      const config = sink.open('label_config.xml');
      await config.write(labelStudioConfig([...labels.values()], [...tags]));
      await config.close();
      files.push('label_config.xml');
    }
    const result: FormatResult = { rows, rowsBySplit, files, skipped, media: [...media] };
    return result;
  },
};
