import { describe, expect, it } from 'vitest';
import { createMemorySink, fromList } from '../common/index.ts';
import { formatters } from '../formatters.ts';
import type { ExportItem } from '../types.ts';
import { dogAndCat } from './fixture.ts';
import { fileNameInSplit, hfImageFolderFormatter } from './hf-imagefolder.ts';
import { visionFormatters } from './index.ts';
import { vqaFormatter } from './vqa.ts';

function withAlignment(item: ExportItem, change: Partial<Extract<ExportItem['annotation'], { taskType: 'alignment' }>>): ExportItem {
  if (item.annotation.taskType !== 'alignment') throw new Error('fixture is alignment');
  return { ...item, annotation: { ...item.annotation, ...change } };
}

function rowsOf(text: string | undefined): Record<string, unknown>[] {
  return (text ?? '').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('vision row formats', () => {
  it('[V12][V13][V14] every vision format is in the formatters map', () => {
    for (const [id, formatter] of Object.entries(visionFormatters)) {
      expect(formatters[id as keyof typeof formatters]).toBe(formatter);
      expect(formatter.id).toBe(id);
    }
  });

  it('[V12][V13][V14] with provenance, rows carry the concord column', async () => {
    for (const id of ['grounded-qwen', 'vqa', 'hf-imagefolder'] as const) {
      const sink = createMemorySink();
      const result = await visionFormatters[id].write(fromList([dogAndCat]), sink, { provenance: true });
      const file = result.files[0] ?? '';
      expect(rowsOf(sink.files.get(file))[0]?.concord).toMatchObject({ item_id: 'itm_1', external_id: 'ext-itm_1', config_version: 3 });
    }
  });

  it('[V12] an item without a caption is skipped by the grounded formats', async () => {
    const result = await visionFormatters['grounded-florence2'].write(fromList([withAlignment(dogAndCat, { caption: '  ', links: [] })]), createMemorySink(), {
      provenance: false,
    });
    expect(result).toMatchObject({ rows: 0, skipped: [{ itemId: 'itm_1', reason: 'the item has no caption' }] });
  });

  it('[V13] incomplete pairs are left out and evidence that cannot be written is dropped, both reported', async () => {
    const item = withAlignment(dogAndCat, {
      vqa: [
        { id: 'a', question: 'Which?', answer: '', evidence: [] },
        { id: 'b', question: 'Where is the odd thing?', answer: 'Top left', evidence: ['r_odd', 'r_cat'] },
      ],
    });
    const sink = createMemorySink();
    const result = await vqaFormatter.write(fromList([item]), sink, { provenance: false });
    expect(result.skipped.map((s) => s.reason)).toEqual(['1 pair(s) without a question or answer left out', 'question 0: evidence region r_odd cannot be written']);
    expect(rowsOf(sink.files.get('train/data.jsonl'))).toEqual([
      {
        id: 'ext-itm_1:0',
        image: 'images/med_a.png',
        width: 640,
        height: 480,
        question: 'Where is the odd thing?',
        answer: 'Top left',
        evidence: [{ bbox: [400, 300, 100, 100], category: 'animal' }],
      },
    ]);
  });

  it('[V14] file_name is relative to the split folder', () => {
    expect(fileNameInSplit('train/images/a.png', 'train')).toBe('images/a.png');
    expect(fileNameInSplit('images/a.png', 'train')).toBe('../images/a.png');
    expect(fileNameInSplit('trainer/a.png', 'train')).toBe('../trainer/a.png');
  });

  it('[V14] an image under the split folder is named from there; categories index the config labels', async () => {
    const item = { ...dogAndCat, media: { med_a: { ...dogAndCat.media.med_a!, path: 'train/med_a.png' } } };
    const sink = createMemorySink();
    const result = await hfImageFolderFormatter.write(fromList([item]), sink, { provenance: false });
    const [row] = rowsOf(sink.files.get('train/metadata.jsonl'));
    expect(row).toMatchObject({ file_name: 'med_a.png', objects: { categories: [1, 1, 3] } });
    expect(dogAndCat.config.labels.map((l) => l.id).slice(1, 4)).toEqual(['animal', 'vehicle', 'object']);
    expect(result.media).toEqual(['med_a']);
  });
});
