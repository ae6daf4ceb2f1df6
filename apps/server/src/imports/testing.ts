import type { CreatedItem, ItemService, NewItem } from '../items/types.ts';
import { AppError } from '../errors.ts';
import type { MediaRecord, MediaService } from '../media/types.ts';

/** A MediaService for unit tests: resolves the names and ids it was given, 422 for anything else. */
export function fakeMedia(files: Array<{ name: string; kind: 'image' | 'audio'; width?: number; height?: number }>) {
  const calls: string[] = [];
  const records = files.map(
    (f, i): MediaRecord => ({
      id: `med_${'a'.repeat(31)}${'abcdefghijklmnopqrstuvwxyz'[i % 26]}`,
      projectId: 'prj_test',
      kind: f.kind,
      contentType: f.kind === 'image' ? 'image/png' : 'audio/wav',
      bytes: 100,
      width: f.kind === 'image' ? (f.width ?? 640) : null,
      height: f.kind === 'image' ? (f.height ?? 480) : null,
      sha256: String(i),
      originalName: f.name,
      sourceUrl: null,
      createdAt: new Date(0),
    }),
  );
  const unused = () => {
    throw new Error('not used by imports');
  };
  const media: MediaService = {
    async resolve({ ref }) {
      calls.push(ref);
      const found = records.find((r) => r.originalName === ref || r.id === ref);
      if (!found) throw new AppError(422, 'unknown_media', `no media named "${ref}" in this project: upload it first`);
      return found;
    },
    upload: unused,
    fetchUrl: unused,
    get: unused,
    open: unused,
  };
  return { media, records, calls };
}

/** An ItemService for unit tests: keeps items in memory, skips known external ids. */
export function fakeItems(options: { failBatchWith?: (items: NewItem[]) => Error | null } = {}) {
  const stored = new Map<string, NewItem>();
  const batches: number[] = [];
  const create = async (item: NewItem): Promise<CreatedItem> => {
    if (item.tags.includes('explode')) throw new Error('database exploded');
    const key = `${item.projectId}/${item.externalId}`;
    const created = !stored.has(key);
    if (created) stored.set(key, item);
    return { itemId: `itm_${stored.size}`, documentId: `doc_${stored.size}`, created };
  };
  const items: ItemService = {
    create,
    async createMany(list) {
      batches.push(list.length);
      const error = options.failBatchWith?.(list) ?? (list.some((i) => i.tags.includes('explode')) ? new Error('batch exploded') : null);
      if (error) throw error;
      const out: CreatedItem[] = [];
      for (const item of list) out.push(await create(item));
      return out;
    },
  };
  /** `RunOptions.existing` for one project. */
  const existing = (projectId: string) => async (externalIds: string[]) =>
    new Set(externalIds.filter((id) => stored.has(`${projectId}/${id}`)));
  return { items, stored, batches, existing };
}
