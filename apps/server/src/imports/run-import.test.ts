import { defaultConfig, type TaskType } from '@concord/annotation-doc';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createMediaResolver } from './media-resolver.ts';
import { runImport, type ImportCounts, type ImportFormat } from './run-import.ts';
import { splitTasks } from './split-json-array.ts';
import { splitLines } from './split-lines.ts';
import { fakeItems, fakeMedia } from './testing.ts';

const log = pino({ level: 'silent' });

async function* bytesOf(text: string): AsyncGenerator<Uint8Array> {
  yield new TextEncoder().encode(text);
}

const lines = (...values: unknown[]) => values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('\n');

function setup(taskType: TaskType, files = [
  { name: 'bus.png', kind: 'image' as const },
  { name: 'talk.wav', kind: 'audio' as const },
]) {
  const media = fakeMedia(files);
  const items = fakeItems();
  const progress: ImportCounts[] = [];
  const run = (text: string, format: ImportFormat = 'jsonl', batchSize = 200) =>
    runImport({
      records: format === 'jsonl' ? splitLines(bytesOf(text)) : splitTasks(bytesOf(text)),
      format,
      context: { taskType, config: defaultConfig(taskType) },
      resolver: createMediaResolver({ media: media.media, projectId: 'prj_test', userId: 'usr_test', log }),
      items: items.items,
      item: { projectId: 'prj_test', importId: 'imp_test', createdBy: 'usr_test' },
      log,
      batchSize,
      onBatch: async (counts) => {
        progress.push(counts);
      },
    });
  return { media, items, progress, run, stored: () => [...items.stored.values()] };
}

describe('JSONL per task type', () => {
  it('instruction: media and conversation become the seed, the transcript pre-label keeps its model', async () => {
    const t = setup('instruction');
    const counts = await t.run(
      lines(
        { id: 'i1', tags: ['ocr'], media: [{ type: 'image', src: 'bus.png' }], conversation: [{ role: 'user', text: 'What is this?' }, { role: 'assistant', text: 'A bus.' }] },
        {
          id: 'i2',
          media: [{ type: 'audio', src: 'talk.wav' }],
          conversation: [{ role: 'user', text: 'Transcribe it.' }],
          prelabel: { model: 'whisper-x', prompt_version: 'v2', transcript: [{ start: 0, end: 1.5, speaker: 'A', text: 'hello' }], summary: 'A greeting.' },
        },
      ),
    );
    expect(counts).toMatchObject({ linesDone: 2, created: 2, skipped: 0, failed: 0, errors: [] });
    const [image, audio] = t.stored();
    const [bus, talk] = t.media.records;
    expect(image).toMatchObject({
      externalId: 'i1',
      tags: ['ocr'],
      importId: 'imp_test',
      createdBy: 'usr_test',
      seed: { taskType: 'instruction', media: [{ kind: 'image', mediaId: bus!.id, width: 640, height: 480 }], turns: [{ role: 'user', text: 'What is this?' }, { role: 'assistant', text: 'A bus.' }] },
      prelabel: null,
      gold: null,
    });
    expect(audio!.seed).toEqual({ taskType: 'instruction', media: [{ kind: 'audio', mediaId: talk!.id }], turns: [{ role: 'user', text: 'Transcribe it.' }] });
    expect(audio!.prelabel).toEqual({ modelId: 'whisper-x', promptVersion: 'v2', transcript: [{ start: 0, end: 1.5, speaker: 'A', text: 'hello' }], summary: 'A greeting.' });
  });

  it('preference: prompt and responses; the pre-label judgement and gold (model defaults to "gold")', async () => {
    const t = setup('preference');
    const counts = await t.run(
      lines({
        prompt: { text: 'Describe the bus.', media: ['bus.png'] },
        responses: [{ model: 'a', text: 'Red.' }, { model: 'b', text: 'A red bus.' }],
        prelabel: { model: 'judge-1', mode: 'pairwise', choice: 1, strength: 'better', rationale: 'More complete.' },
        gold: { mode: 'pairwise', choice: 1, strength: 'slightly_better' },
      }),
    );
    expect(counts).toMatchObject({ created: 1, failed: 0 });
    const [item] = t.stored();
    expect(item!.externalId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(item!.seed).toEqual({
      taskType: 'preference',
      prompt: { text: 'Describe the bus.', media: [t.media.records[0]!.id] },
      responses: [{ modelId: 'a', text: 'Red.' }, { modelId: 'b', text: 'A red bus.' }],
    });
    expect(item!.prelabel).toEqual({ modelId: 'judge-1', mode: 'pairwise', choice: 1, strength: 'better', rationale: 'More complete.' });
    expect(item!.gold).toEqual({ modelId: 'gold', mode: 'pairwise', choice: 1, strength: 'slightly_better' });
  });

  it('alignment: the image with its size, caption, and pre-labelled regions, links and VQA', async () => {
    const t = setup('alignment');
    const counts = await t.run(
      lines({
        id: 7,
        image: 'bus.png',
        prelabel: {
          model: 'grounder',
          caption: 'A bus.',
          regions: [{ ref: 'bus', label: 'Vehicle', shape: { kind: 'box', x: 10, y: 20, w: 300, h: 200 } }],
          links: [{ start: 2, end: 5, region: 'bus' }],
          vqa: [{ question: 'What colour?', answer: 'Red', evidence: ['0'] }],
        },
      }),
    );
    expect(counts).toMatchObject({ created: 1, failed: 0 });
    const [item] = t.stored();
    expect(item!.externalId).toBe('7');
    expect(item!.seed).toEqual({ taskType: 'alignment', image: { mediaId: t.media.records[0]!.id, width: 640, height: 480 } });
    // [I10] the label is matched to the project's label id.
    expect(item!.prelabel!.regions).toEqual([{ ref: 'bus', label: 'vehicle', shape: { kind: 'box', x: 10, y: 20, w: 300, h: 200 } }]);
  });
});

describe('bad lines', () => {
  it('[I2] each bad line is reported with its number and field path; the good ones land', async () => {
    const good = { prompt: { text: 'p' }, responses: [{ model: 'a', text: 'x' }, { model: 'b', text: 'y' }] };
    const t = setup('preference');
    const counts = await t.run(
      lines(
        good,
        { prompt: { text: 'p' }, responses: [{ model: 'a', text: 'x' }] },
        '{"prompt": {"text": "p"}, "responses": [',
        '',
        { ...good, prompt: { text: 'p', media: ['missing.png'] } },
        { ...good, colour: 'red' },
        { ...good, prelabel: { mode: 'pairwise' } },
        { ...good, prelabel: { model: 'm', choice: 5 } },
        { ...good, prelabel: { model: 'm', regions: [] } },
        [1, 2],
        { ...good, tags: ['fine', 'not fine'] },
        { ...good, id: 'last' },
      ),
    );
    expect(counts).toMatchObject({ linesDone: 11, created: 2, skipped: 0, failed: 9 });
    const byLine = Object.fromEntries(counts.errors.map((e) => [e.line, e.message]));
    expect(byLine).toEqual({
      2: 'responses: at least 2 responses are needed',
      3: expect.stringMatching(/^invalid JSON: /),
      5: 'prompt.media.0: no media named "missing.png" in this project: upload it first',
      6: 'colour: is not a known field',
      7: 'prelabel.model: is required: the id of the model that made this pre-label',
      8: expect.stringMatching(/^prelabel: .*response 5.*2 responses/),
      9: expect.stringMatching(/^prelabel\.regions: is not a field of a preference pre-label/),
      10: 'a line must be one JSON object',
      11: 'tags.1: letters, digits, _ . : - only',
    });
  });

  it('[I7] audio where an image is needed fails the line; each distinct reference is resolved once', async () => {
    const t = setup('alignment');
    const counts = await t.run(lines({ image: 'talk.wav' }, { image: 'bus.png', caption: 'one' }, { image: 'bus.png', caption: 'two' }));
    expect(counts.errors).toEqual([{ line: 1, message: 'image: "talk.wav" is an audio file, but an image is needed here' }]);
    expect(counts.created).toBe(2);
    expect(t.media.calls.sort()).toEqual(['bus.png', 'talk.wav']);
  });

  it('[I10] an unknown region label fails the line and lists the labels', async () => {
    const t = setup('alignment');
    const counts = await t.run(lines({ image: 'bus.png', prelabel: { model: 'm', regions: [{ label: 'spaceship', shape: { kind: 'box', x: 1, y: 1, w: 2, h: 2 } }] } }));
    expect(counts.errors[0]!.message).toBe('prelabel.regions.0.label: "spaceship" is not a label of this project (labels: person, animal, vehicle, object, text, other)');
  });

  it('[I2] only the first errors are kept; failed counts them all', async () => {
    const t = setup('alignment');
    const counts = await runImport({
      records: splitLines(bytesOf(Array.from({ length: 30 }, () => '{"image": 1}').join('\n'))),
      format: 'jsonl',
      context: { taskType: 'alignment', config: defaultConfig('alignment') },
      resolver: createMediaResolver({ media: t.media.media, projectId: 'p', userId: null, log }),
      items: t.items.items,
      item: { projectId: 'p', importId: null, createdBy: null },
      log,
      maxErrors: 10,
      onBatch: async () => {},
    });
    expect(counts.failed).toBe(30);
    expect(counts.errors).toHaveLength(10);
  });
});

describe('idempotency and batches', () => {
  it('[I4] importing the same lines again skips every one; a repeat inside the file is skipped too', async () => {
    const t = setup('alignment');
    const text = lines({ image: 'bus.png', caption: 'a' }, { image: 'bus.png', caption: 'b' }, { caption: 'a', image: 'bus.png' }, { id: 'x', image: 'bus.png' });
    expect(await t.run(text)).toMatchObject({ linesDone: 4, created: 3, skipped: 1, failed: 0 });
    expect(await t.run(text)).toMatchObject({ linesDone: 4, created: 0, skipped: 4, failed: 0 });
    expect(t.items.stored.size).toBe(3);
  });

  it('[I4] with the project\'s known ids, a re-import resolves no media and creates nothing', async () => {
    const t = setup('alignment');
    const text = lines({ id: 'a', image: 'bus.png' }, { id: 'b', image: 'bus.png' });
    await t.run(text);
    const calls = t.media.calls.length;
    const again = await runImport({
      records: splitLines(bytesOf(`${text}\n{"id": "c", "image": "missing.png"}`)),
      format: 'jsonl',
      context: { taskType: 'alignment', config: defaultConfig('alignment') },
      resolver: createMediaResolver({ media: t.media.media, projectId: 'prj_test', userId: null, log }),
      items: t.items.items,
      existing: t.items.existing('prj_test'),
      item: { projectId: 'prj_test', importId: null, createdBy: null },
      log,
      onBatch: async () => {},
    });
    expect(again).toMatchObject({ linesDone: 3, created: 0, skipped: 2, failed: 1 });
    expect(t.media.calls.slice(calls)).toEqual(['missing.png']);
  });

  it('[I6] reports progress after every batch', async () => {
    const t = setup('alignment');
    const text = lines(...Array.from({ length: 7 }, (_, i) => ({ id: `n${i}`, image: 'bus.png' })));
    await t.run(text, 'jsonl', 3);
    expect(t.progress.map((p) => p.linesDone)).toEqual([3, 6, 7]);
    expect(t.items.batches).toEqual([3, 3, 1]);
  });

  it('a batch the item service refuses is retried one by one, so only the bad item fails', async () => {
    const t = setup('alignment');
    const counts = await t.run(lines({ id: 'a', image: 'bus.png' }, { id: 'b', image: 'bus.png', tags: ['explode'] }, { id: 'c', image: 'bus.png' }));
    expect(counts).toMatchObject({ created: 2, failed: 1, errors: [{ line: 2, message: 'could not be stored (a server error; see the server log)' }] });
  });
});

describe('Label Studio', () => {
  const task = (id: number, extra: Record<string, unknown> = {}) => ({
    id,
    data: { image: '/data/upload/3/1a2b3c4d-bus.png' },
    predictions: [
      {
        model_version: 'yolo-v8',
        score: 0.9,
        result: [
          {
            id: 'r1',
            type: 'rectanglelabels',
            from_name: 'label',
            to_name: 'image',
            original_width: 640,
            original_height: 480,
            value: { x: 10, y: 20, width: 50, height: 25, rotation: 0, rectanglelabels: ['Vehicle'] },
          },
        ],
      },
    ],
    ...extra,
  });

  it('[I8] percent boxes become exact pixels of the stored image; the model version is the model id', async () => {
    const t = setup('alignment');
    const counts = await t.run(JSON.stringify([task(1)]), 'label-studio');
    expect(counts).toMatchObject({ created: 1, failed: 0 });
    const [item] = t.stored();
    expect(item!.externalId).toBe('ls-1');
    expect(item!.prelabel).toEqual({ modelId: 'yolo-v8', regions: [{ ref: 'r1', label: 'vehicle', shape: { kind: 'box', x: 64, y: 96, w: 320, h: 120 } }] });
    // The upload hash prefix is dropped when the name itself is unknown.
    expect(t.media.calls).toEqual(['1a2b3c4d-bus.png', 'bus.png']);
  });

  it('[I2] a task with a missing image is reported at its line; the others land', async () => {
    const t = setup('alignment');
    const text = `[\n${JSON.stringify(task(1))},\n${JSON.stringify({ id: 2, data: { image: 'nowhere.png' } })},\n${JSON.stringify(task(3))}\n]`;
    const counts = await t.run(text, 'label-studio');
    expect(counts).toMatchObject({ created: 2, failed: 1, errors: [{ line: 3, message: 'data.image: no media named "nowhere.png" in this project: upload it first' }] });
  });
});
