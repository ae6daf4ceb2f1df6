import { defaultConfig, type LabelConfig } from '@concord/annotation-doc';
import { describe, expect, it } from 'vitest';
import { createMemorySink, fromList } from '../common/index.ts';
import { formatters } from '../formatters.ts';
import { instructionFixture } from '../instruction/fixtures.ts';
import { alignmentItem, goldBox, street } from './fixture.ts';
import { labelStudioConfig, labelStudioFormatter, labelValue } from './label-studio.ts';

async function run(items: Parameters<typeof alignmentItem>[0][] | ReturnType<typeof alignmentItem>[], provenance = false) {
  const list = items.map((i) => ('annotation' in i ? i : alignmentItem(i)));
  const sink = createMemorySink();
  const result = await labelStudioFormatter.write(fromList(list), sink, { provenance });
  return { result, sink };
}

const tasksOf = (text: string | undefined) => JSON.parse(text ?? '[]') as Record<string, unknown>[];

describe('label-studio formatter', () => {
  it('[L1] is registered for alignment items', () => {
    expect(formatters['label-studio']).toBe(labelStudioFormatter);
    expect(labelStudioFormatter.taskTypes).toEqual(['alignment']);
  });

  it('[L1][L2][L3][L5] writes the exact task of a non-gold item (percent geometry, texts, choices, prediction copy)', async () => {
    const { result, sink } = await run([street]);
    expect(result).toEqual({ rows: 1, rowsBySplit: { train: 1, validation: 0, test: 0 }, files: ['train/tasks.json', 'label_config.xml'], skipped: [], media: ['med_street'] });
    const text = sink.files.get('train/tasks.json')!;
    expect(text.startsWith('[\n{"id":1,')).toBe(true);
    const [task] = tasksOf(text);
    const results = [
      {
        id: 'r_bus',
        to_name: 'image',
        original_width: 640,
        original_height: 480,
        image_rotation: 0,
        from_name: 'label',
        type: 'rectanglelabels',
        value: { x: (100.25 * 100) / 640, y: (33.33 * 100) / 480, width: (213.33 * 100) / 640, height: (150 * 100) / 480, rotation: 0, rectanglelabels: ['Vehicle'] },
      },
      {
        id: 'r_person',
        to_name: 'image',
        original_width: 640,
        original_height: 480,
        image_rotation: 0,
        from_name: 'polygon',
        type: 'polygonlabels',
        value: { points: [[62.5, 62.5], [(500.5 * 100) / 640, 62.5], [70.3125, (479.99 * 100) / 480]], polygonlabels: ['Person'] },
      },
      { id: 'r_bus', from_name: 'description', to_name: 'image', type: 'textarea', value: { text: ['a red double-decker'] } },
      { id: 'r_bus', from_name: 'description', to_name: 'image', type: 'textarea', value: { text: ['route 38'] } },
      { id: 'caption', from_name: 'caption', to_name: 'image', type: 'textarea', value: { text: ['A bus | next to a person.\nLine two: ünïcødé 🚌'] } },
      { id: 'tags', from_name: 'tags', to_name: 'image', type: 'choices', value: { choices: ['ocr', 'night'] } },
    ];
    expect(task).toEqual({
      id: 1,
      data: { image: 'images/med_street.png' },
      annotations: [{ id: 1, completed_by: null, ground_truth: false, result: results }],
      predictions: [{ model_version: 'concord-export', score: 1, result: results }],
    });
  });

  it('[L1][L5] a gold item is marked ground_truth and has no prediction; tasks are numbered over all splits, one array per split', async () => {
    const { result, sink } = await run([street, goldBox]);
    expect(result.files).toEqual(['train/tasks.json', 'validation/tasks.json', 'label_config.xml']);
    const [task] = tasksOf(sink.files.get('validation/tasks.json'));
    expect(task).toMatchObject({ id: 2, annotations: [{ id: 2, ground_truth: true }] });
    expect(task).not.toHaveProperty('predictions');
    expect(task).not.toHaveProperty('meta');
  });

  it('[L6] with provenance, the task carries meta.concord (Label Studio keeps task meta; the importer ignores it)', async () => {
    const { sink } = await run([street], true);
    const [task] = tasksOf(sink.files.get('train/tasks.json'));
    expect(task!.meta).toEqual({
      concord: { item_id: 'itm_street', external_id: 'ext-itm_street', annotators: ['ann_1', 'ann_2'], config_version: 2, review_outcome: 'accepted', agreement: 0.8, fields: {} },
    });
  });

  it('[L1] the image is the medium path, else its URL; without either the item is skipped', async () => {
    const base = { split: 'train' as const, caption: 'x', regions: [] };
    const { result, sink } = await run([
      { ...base, itemId: 'itm_url', image: { mediaId: 'med_u', width: 10, height: 10 }, path: null, url: 'https://example.com/u.png' },
      { ...base, itemId: 'itm_none', image: { mediaId: 'med_n', width: 10, height: 10 }, path: null, url: null },
    ]);
    expect(tasksOf(sink.files.get('train/tasks.json'))[0]!.data).toEqual({ image: 'https://example.com/u.png' });
    expect(result.media).toEqual([]);
    expect(result.skipped).toEqual([{ itemId: 'itm_none', reason: 'image med_n has neither a path nor a URL in the export' }]);
  });

  it('[L1][E6] other task types are skipped with the reason; nothing is written', async () => {
    const { result, sink } = await run([instructionFixture()[0]!]);
    expect(result.rows).toBe(0);
    expect(result.files).toEqual([]);
    expect(sink.files.size).toBe(0);
    expect(result.skipped[0]!.reason).toMatch(/^not an alignment item \(instruction\)/);
  });

  it('[L4] masks, unknown labels, links and VQA are reported; the row keeps the rest', async () => {
    const { result, sink } = await run([
      {
        itemId: 'itm_parts',
        split: 'test',
        image: { mediaId: 'med_p', width: 100, height: 100 },
        caption: 'a cat',
        regions: [
          { id: 'r_ok', label: 'animal', shape: { kind: 'box', x: 0, y: 0, w: 50, h: 50 } },
          { id: 'r_mask', label: 'animal', shape: { kind: 'mask', rle: { size: [100, 100], counts: [10, 5, 9985] } } },
          { id: 'r_odd', label: 'unicorn', shape: { kind: 'box', x: 1, y: 1, w: 2, h: 2 } },
        ],
        descriptions: [{ id: 'd_mask', regionId: 'r_mask', text: 'furry' }],
        links: [{ id: 'l_1', regionId: 'r_ok', start: 2, end: 5 }],
        vqa: [{ id: 'q_1', question: 'What?', answer: 'A cat', evidence: ['r_ok'] }],
      },
    ]);
    expect(result.rows).toBe(1);
    expect(result.skipped.map((s) => s.reason)).toEqual([
      'region r_mask: mask regions are not imported from Label Studio (boxes and polygons only)',
      "region r_odd: label 'unicorn' is not in the project config",
      'description d_mask: its region r_mask is not written',
      'link l_1: caption-span links have no Label Studio result Concord imports',
      'vqa q_1: question-answer pairs have no Label Studio result Concord imports',
    ]);
    const [task] = tasksOf(sink.files.get('test/tasks.json'));
    const annotation = (task!.annotations as { result: { id: string }[] }[])[0]!;
    expect(annotation.result.map((r) => r.id)).toEqual(['r_ok', 'caption']);
  });

  it('[L2] the caption result id never collides with a region id', async () => {
    const { sink } = await run([
      {
        itemId: 'itm_c',
        split: 'train',
        image: { mediaId: 'med_c', width: 100, height: 100 },
        caption: 'text',
        regions: [{ id: 'caption', label: 'text', shape: { kind: 'box', x: 0, y: 0, w: 5, h: 5 } }],
      },
    ]);
    const [task] = tasksOf(sink.files.get('train/tasks.json'));
    expect((task!.annotations as { result: { id: string }[] }[])[0]!.result.map((r) => r.id)).toEqual(['caption', 'caption-1']);
  });

  it('[L4] a label is written by name unless the importer would resolve that name to another label', () => {
    const labels: LabelConfig[] = [
      { id: 'car', name: 'Car', color: '#000000' },
      { id: 'a', name: 'car', color: '#000000' },
      { id: 'b', name: 'a', color: '#000000' },
      { id: 'x', name: 'Dup', color: '#000000' },
      { id: 'y', name: 'dup', color: '#000000' },
    ];
    // The importer matches an exact id first, then lower-cased names and ids (later labels win).
    expect(labels.map((l) => labelValue(l, labels))).toEqual(['car', 'a', 'b', 'x', 'dup']);
    const plain = defaultConfig('alignment').labels;
    expect(plain.map((l) => labelValue(l, plain))).toEqual(['Person', 'Animal', 'Vehicle', 'Object', 'Text', 'Other']);
  });

  it('[L3] without tags the config has no Choices; the written config lists the tags met', async () => {
    expect(labelStudioConfig(defaultConfig('alignment').labels)).not.toContain('Choices');
    const { sink } = await run([street, goldBox]);
    expect(sink.files.get('label_config.xml')).toContain('<Choices name="tags" toName="image" choice="multiple">\n    <Choice value="ocr"/>\n    <Choice value="night"/>\n  </Choices>');
  });

  it('[L3] label_config.xml names the controls the tasks use, labels escaped', () => {
    const xml = labelStudioConfig([...defaultConfig('alignment').labels.slice(0, 1), { id: 'q', name: 'A & "B" <c>', color: '#123456' }], ['ocr', 'a<b']);
    expect(xml).toBe(
      [
        '<View>',
        '  <Image name="image" value="$image"/>',
        '  <RectangleLabels name="label" toName="image">',
        '    <Label value="Person" background="#1f77b4"/>',
        '    <Label value="A &amp; &quot;B&quot; &lt;c&gt;" background="#123456"/>',
        '  </RectangleLabels>',
        '  <PolygonLabels name="polygon" toName="image">',
        '    <Label value="Person" background="#1f77b4"/>',
        '    <Label value="A &amp; &quot;B&quot; &lt;c&gt;" background="#123456"/>',
        '  </PolygonLabels>',
        '  <TextArea name="caption" toName="image" editable="true"/>',
        '  <TextArea name="description" toName="image" perRegion="true" editable="true"/>',
        '  <Choices name="tags" toName="image" choice="multiple">',
        '    <Choice value="ocr"/>',
        '    <Choice value="a&lt;b"/>',
        '  </Choices>',
        '</View>',
        '',
      ].join('\n'),
    );
  });
});
