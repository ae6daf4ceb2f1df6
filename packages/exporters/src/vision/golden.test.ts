import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createMemorySink, fromList } from '../common/index.ts';
import { fixtureItems } from './fixture.ts';
import { visionFormatters } from './index.ts';

const goldenRoot = join(fileURLToPath(new URL('.', import.meta.url)), 'golden');

/** Every file under a golden folder, path → text (result.json is the FormatResult). */
function goldenFiles(format: string): Map<string, string> {
  const root = join(goldenRoot, format);
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(root, path).split('\\').join('/'), readFileSync(path, 'utf8'));
    }
  };
  walk(root);
  return files;
}

const rules: Record<keyof typeof visionFormatters, string> = {
  coco: '[V6][V7][V8]',
  refcoco: '[V5][V9]',
  vqa: '[V13]',
  'grounded-qwen': '[V10][V11][V12]',
  'grounded-florence2': '[V10][V11][V12]',
  'grounded-kosmos2': '[V10][V11][V12]',
  'grounded-shikra': '[V10][V11][V12]',
  'hf-imagefolder': '[V14]',
};

describe('vision formats, golden files (golden/<format>/)', () => {
  for (const [id, formatter] of Object.entries(visionFormatters)) {
    it(`${rules[id as keyof typeof rules]} ${id}: the fixture gives exactly the golden files and result`, async () => {
      const sink = createMemorySink();
      const result = await formatter.write(fromList(fixtureItems), sink, { provenance: false });
      const expected = goldenFiles(id);
      expect(JSON.parse(expected.get('result.json') ?? 'null')).toEqual(result);
      expected.delete('result.json');
      expect(Object.fromEntries(sink.files)).toEqual(Object.fromEntries(expected));
    });
  }

  it('[V3] every vision format skips an item of another task type with a reason', async () => {
    for (const formatter of Object.values(visionFormatters)) {
      const result = await formatter.write(fromList([fixtureItems[2]!]), createMemorySink(), { provenance: true });
      expect(result).toEqual({ rows: 0, rowsBySplit: { train: 0, validation: 0, test: 0 }, files: [], skipped: [{ itemId: 'itm_3', reason: 'not an alignment item (instruction)' }], media: [] });
    }
  });

  it('[V3] an item whose image has no path in the export is skipped', async () => {
    const item = fixtureItems[0]!;
    const noPath = { ...item, media: { med_a: { ...item.media.med_a!, path: null } } };
    const result = await visionFormatters.vqa.write(fromList([noPath]), createMemorySink(), { provenance: false });
    expect(result.skipped).toEqual([{ itemId: 'itm_1', reason: 'image med_a has no path in the export' }]);
  });
});
