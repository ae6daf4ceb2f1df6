import { buildItemUpdate, type ItemSeed, type Prelabel } from '@concord/annotation-doc';
import { documentClients, documents, documentUpdates, items, projects, type Db } from '@concord/db';
import { newId } from '@concord/protocol';
import { and, eq, inArray } from 'drizzle-orm';
import { notFound } from '../errors.ts';
import type { CreatedItem, ItemService, NewItem } from './types.ts';

/** A short human title for lists: the first words of the item's text. */
export function itemTitle(seed: ItemSeed, externalId: string): string {
  const text =
    seed.taskType === 'preference'
      ? seed.prompt.text
      : seed.taskType === 'instruction'
        ? (seed.turns.find((t) => t.role === 'user')?.text ?? '')
        : (seed.caption ?? '');
  const oneLine = text.replace(/\s+/g, ' ').trim();
  if (!oneLine) return externalId;
  return oneLine.length > 80 ? `${oneLine.slice(0, 79)}…` : oneLine;
}

/** Every model that writes into an item's document: the pre-label's and, for preferences, each response's. */
function modelsOf(seed: ItemSeed, prelabel: Prelabel | null | undefined): Map<string, string | null> {
  const models = new Map<string, string | null>();
  if (seed.taskType === 'preference') for (const r of seed.responses) models.set(r.modelId, null);
  if (prelabel) models.set(prelabel.modelId, prelabel.promptVersion ?? null);
  return models;
}

/** A Yjs client id no one else uses: random 32-bit, never 0. */
function newClientId(taken: Set<number>): number {
  for (;;) {
    const id = crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;
    if (id !== 0 && !taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

/**
 * Items on the database. See ItemService: each new item gets its document with a first update in which
 * the content is written by a 'source' client id and the pre-label (and model responses) by one client
 * id per model, and those client ids are bound in document_clients, so provenance is derived from
 * who wrote what [A5].
 * @example const [result] = await createItemService({ db }).createMany([newItem]);
 */
export function createItemService(options: { db: Db }): ItemService {
  const { db } = options;

  async function createMany(input: NewItem[]): Promise<CreatedItem[]> {
    if (input.length === 0) return [];
    const projectIds = new Set(input.map((i) => i.projectId));
    return db.transaction(async (tx) => {
      const projectRows = await tx
        .select({ id: projects.id, taskType: projects.taskType, configVersion: projects.configVersion })
        .from(projects)
        .where(inArray(projects.id, [...projectIds]));
      const projectById = new Map(projectRows.map((p) => [p.id, p]));
      for (const item of input) {
        const project = projectById.get(item.projectId);
        if (!project) throw notFound('Project');
        if (project.taskType !== item.seed.taskType) {
          throw new Error(`item ${item.externalId} is ${item.seed.taskType}, project ${item.projectId} is ${project.taskType}`);
        }
      }

      // The same externalId twice in one batch: the first wins, like a re-import.
      const firstIndex = new Map<string, number>();
      input.forEach((item, index) => {
        const key = `${item.projectId}\u0000${item.externalId}`;
        if (!firstIndex.has(key)) firstIndex.set(key, index);
      });
      const fresh = [...firstIndex.values()].map((index) => ({ index, item: input[index]!, itemId: newId('item') }));
      const inserted = await tx
        .insert(items)
        .values(
          fresh.map(({ item, itemId }) => ({
            id: itemId,
            projectId: item.projectId,
            externalId: item.externalId,
            tags: item.tags,
            seed: item.seed,
            prelabel: item.prelabel ?? null,
            gold: item.gold ?? null,
            importId: item.importId ?? null,
            createdBy: item.createdBy,
          })),
        )
        .onConflictDoNothing({ target: [items.projectId, items.externalId] })
        .returning({ id: items.id });
      const insertedIds = new Set(inserted.map((r) => r.id));
      const created = fresh.filter((f) => insertedIds.has(f.itemId));

      const now = new Date();
      const takenClients = new Set<number>();
      const docRows: (typeof documents.$inferInsert)[] = [];
      const updateRows: (typeof documentUpdates.$inferInsert)[] = [];
      const clientRows: (typeof documentClients.$inferInsert)[] = [];
      const results = new Map<number, CreatedItem>();
      for (const { index, item, itemId } of created) {
        const project = projectById.get(item.projectId)!;
        const documentId = newId('document');
        const sourceClientId = newClientId(takenClients);
        const models = modelsOf(item.seed, item.prelabel);
        const modelClientIds: Record<string, number> = {};
        for (const [modelId, promptVersion] of models) {
          const clientId = newClientId(takenClients);
          modelClientIds[modelId] = clientId;
          clientRows.push({ documentId, clientId, kind: 'model', modelId, promptVersion, userId: null, createdAt: now });
        }
        clientRows.push({ documentId, clientId: sourceClientId, kind: 'source', userId: item.createdBy, createdAt: now });
        const update = buildItemUpdate({
          taskType: item.seed.taskType,
          itemId,
          configVersion: project.configVersion,
          seed: item.seed,
          prelabel: item.prelabel ?? undefined,
          sourceClientId,
          modelClientIds,
        });
        docRows.push({
          id: documentId,
          projectId: item.projectId,
          name: itemTitle(item.seed, item.externalId),
          createdBy: item.createdBy,
          createdAt: now,
          updatedAt: now,
          updateSeq: 1,
          itemId,
          configVersion: project.configVersion,
        });
        updateRows.push({ documentId, seq: 1, update, userId: item.createdBy, origin: 'import', createdAt: now });
        results.set(index, { itemId, documentId, created: true });
      }
      // Postgres allows 65535 bind parameters per statement: insert in slices.
      for (const slice of chunks(docRows, 2_000)) await tx.insert(documents).values(slice);
      for (const slice of chunks(updateRows, 5_000)) await tx.insert(documentUpdates).values(slice);
      for (const slice of chunks(clientRows, 5_000)) await tx.insert(documentClients).values(slice);

      // Items that existed already (this batch's duplicates and earlier imports): report, write nothing.
      const missing = input.map((item, index) => ({ item, index })).filter(({ index }) => !results.has(index));
      for (const projectId of new Set(missing.map((m) => m.item.projectId))) {
        const wanted = missing.filter((m) => m.item.projectId === projectId);
        const rows = await tx
          .select({ itemId: items.id, externalId: items.externalId, documentId: documents.id })
          .from(items)
          .leftJoin(documents, and(eq(documents.itemId, items.id), eq(documents.kind, 'item')))
          .where(and(eq(items.projectId, projectId), inArray(items.externalId, [...new Set(wanted.map((m) => m.item.externalId))])));
        const byExternalId = new Map(rows.map((r) => [r.externalId, r]));
        for (const { item, index } of wanted) {
          const row = byExternalId.get(item.externalId);
          if (!row) throw new Error(`item ${item.externalId} vanished during its import`);
          results.set(index, { itemId: row.itemId, documentId: row.documentId ?? '', created: false });
        }
      }
      return input.map((_, index) => results.get(index)!);
    });
  }

  return {
    createMany,
    async create(item) {
      const [result] = await createMany([item]);
      return result!;
    },
  };
}

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
