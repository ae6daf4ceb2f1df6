import { describe, expect, it } from 'vitest';
import type { ItemParts } from './draft.ts';
import { canonicalJson, contentExternalId } from './external-id.ts';
import { imageRef, parseLabelStudioTask, toPixels } from './label-studio.ts';
import { fakeMedia } from './testing.ts';

const image = fakeMedia([{ name: 'bus.png', kind: 'image', width: 640, height: 480 }]).records[0]!;

function build(task: unknown): ItemParts {
  const parsed = parseLabelStudioTask(task);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  const built = parsed.draft.build([image]);
  if (Array.isArray(built)) throw new Error(JSON.stringify(built));
  return built;
}

describe('Label Studio geometry', () => {
  it('[I8] x=10% y=20% w=50% h=25% on 640x480 is the box 64,96,320,120', () => {
    expect(toPixels({ kind: 'box', x: 10, y: 20, w: 50, h: 25, rotation: 0 }, 640, 480)).toEqual({ kind: 'box', x: 64, y: 96, w: 320, h: 120 });
  });

  it('[I8] polygon points in percent become pixels, rounded to 2 decimals', () => {
    expect(toPixels({ kind: 'polygon', points: [[0, 0], [33.333, 50], [100, 100]] }, 640, 480)).toEqual({
      kind: 'polygon',
      points: [[0, 0], [213.33, 240], [640, 480]],
    });
  });

  it('[I8] a rectangle rotated 90° about its top-left corner becomes a polygon', () => {
    expect(toPixels({ kind: 'box', x: 50, y: 0, w: 10, h: 20, rotation: 90 }, 100, 100)).toEqual({
      kind: 'polygon',
      points: [[50, 0], [50, 10], [30, 10], [30, 0]],
    });
  });
});

describe('Label Studio tasks', () => {
  it('maps image, caption, best prediction, per-region text, choices and ground truth', () => {
    const task = {
      id: 'abc',
      data: { image: 'bus.png', text: 'A red bus.' },
      predictions: [
        { model_version: 'weak', score: 0.1, result: [] },
        {
          model_version: 'strong',
          score: 0.8,
          result: [
            { id: 'p1', type: 'polygonlabels', value: { points: [[0, 0], [50, 0], [50, 50]], polygonlabels: ['Person'] } },
            { id: 'p1', type: 'textarea', value: { text: ['a person waving'] } },
            { id: 'q', type: 'textarea', value: { text: ['ignored: the task has a caption'] } },
            { id: 'c', type: 'choices', value: { choices: ['ocr', 'counting', ' Traffic light! '] } },
            { id: 'k', type: 'keypointlabels', value: { x: 1, y: 1, keypointlabels: ['Person'] } },
          ],
        },
      ],
      annotations: [
        { id: 1, ground_truth: false, result: [{ id: 'x', type: 'choices', value: { choices: ['not-used'] } }] },
        { id: 2, ground_truth: true, result: [{ id: 'g', type: 'rectangle', value: { x: 0, y: 0, width: 10, height: 10 } }, { id: 'g', type: 'labels', value: { labels: ['Vehicle'] } }] },
      ],
    };
    const parsed = parseLabelStudioTask(task);
    expect(parsed.ok && parsed.draft.externalId).toBe('ls-abc');
    expect(parsed.ok && parsed.draft.tags).toEqual(['ocr', 'counting', 'Traffic-light']);
    expect(build(task)).toEqual({
      seed: { taskType: 'alignment', image: { mediaId: image.id, width: 640, height: 480 }, caption: 'A red bus.' },
      prelabel: {
        modelId: 'strong',
        regions: [{ ref: 'p1', label: 'Person', shape: { kind: 'polygon', points: [[0, 0], [320, 0], [320, 240]] } }],
        descriptions: [{ region: 'p1', text: 'a person waving' }],
      },
      gold: { modelId: 'gold', regions: [{ ref: 'g', label: 'Vehicle', shape: { kind: 'box', x: 0, y: 0, w: 64, h: 48 } }] },
    });
  });

  it('a text area without a region is the caption when the task has none; no id means a content hash', () => {
    const task = { data: { photo: 'https://example.com/bus.jpg?x=1' }, predictions: [{ result: [{ type: 'textarea', value: { text: ['A bus', 'on a road'] } }] }] };
    const parsed = parseLabelStudioTask(task);
    expect(parsed.ok && parsed.draft.needs).toEqual([{ ref: 'https://example.com/bus.jpg?x=1', path: 'data.photo', kind: 'image' }]);
    expect(parsed.ok && parsed.draft.externalId).toBe(contentExternalId(task));
    expect(build(task).prelabel).toEqual({ modelId: 'label-studio', caption: 'A bus\non a road' });
  });

  it.each([
    [42, 'a task must be a JSON object'],
    [{ id: 1 }, 'data: is required: the task data, with an image'],
    [{ id: 1, data: { text: 'no image' } }, 'data.image: is required'],
    [{ id: 1, data: { image: 'a.png' }, predictions: [{ result: [{ type: 'rectanglelabels', value: { x: 1, y: 1, width: 1, height: 1 } }] }] }, 'predictions.0.result.0.value.rectanglelabels: needs a label'],
    [{ id: 1, data: { image: 'a.png' }, predictions: [{ result: [{ type: 'polygonlabels', value: { points: [[1, 1]], polygonlabels: ['x'] } }] }] }, 'predictions.0.result.0.value.points: needs at least 3'],
  ])('reports %j', (task, message) => {
    const parsed = parseLabelStudioTask(task);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(`${parsed.problems[0]!.path ? `${parsed.problems[0]!.path}: ` : ''}${parsed.problems[0]!.message}`).toContain(message);
  });

  it('turns Label Studio paths into file names to look up', () => {
    expect(imageRef('/data/upload/3/1a2b3c4d-bus.png', 'data.image')).toEqual({ ref: '1a2b3c4d-bus.png', path: 'data.image', kind: 'image', fallbacks: ['bus.png'] });
    expect(imageRef('http://localhost:8080/data/upload/3/1a2b3c4d-bus%20stop.png', 'p')).toMatchObject({ ref: '1a2b3c4d-bus stop.png', fallbacks: ['bus stop.png'] });
    expect(imageRef('/data/local-files/?d=photos/street/bus.png', 'p')).toMatchObject({ ref: 'bus.png' });
    expect(imageRef('s3://bucket/photos/bus.png', 'p')).toMatchObject({ ref: 's3://bucket/photos/bus.png', fallbacks: ['bus.png'] });
    expect(imageRef('bus.png', 'p')).toEqual({ ref: 'bus.png', path: 'p', kind: 'image' });
    expect(imageRef('data:image/png;base64,AAAA', 'p')).toEqual({ ref: 'data:image/png;base64,AAAA', path: 'p', kind: 'image' });
  });
});

describe('external ids', () => {
  it('[I4] canonical JSON ignores key order and formatting', () => {
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }], u: undefined })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
    expect(contentExternalId(JSON.parse('{ "x": 1, "y": [true, null] }'))).toBe(contentExternalId({ y: [true, null], x: 1 }));
    expect(contentExternalId({ x: 1 })).not.toBe(contentExternalId({ x: 2 }));
  });
});
