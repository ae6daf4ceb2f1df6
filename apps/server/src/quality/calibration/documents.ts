import { buildItemUpdate, newLocalId, type ItemSeed, type Prelabel } from '@concord/annotation-doc';
import { documentClients, documents, documentUpdates } from '@concord/db';
import { newId } from '@concord/protocol';
import type { DbOrTx } from '../../audit/types.ts';

/** An item as a calibration session builds documents from it. */
export interface SessionItem {
  id: string;
  seed: ItemSeed;
  prelabel: Prelabel | null;
  gold: Prelabel | null;
}

/** A random Yjs client id that is not 0 and not taken yet. */
function freshClientId(taken: Set<number>): number {
  let id = 0;
  while (id === 0 || taken.has(id)) id = crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;
  taken.add(id);
  return id;
}

/**
 * Ids for a document's parts that first replay `replay` (in order), then are new; `used` lists every
 * id handed out. The gold document replays the answers' ids, so the same response (or turn) has the
 * same id in both and answers compare with gold like blind copies compare with each other.
 */
export function replayingIds(replay: readonly string[] = []): { next: () => string; used: string[] } {
  const used: string[] = [];
  return {
    used,
    next: () => {
      const id = replay[used.length] ?? newLocalId();
      used.push(id);
      return id;
    },
  };
}

/**
 * The first update of an item's document built from its seed and a pre-label (the item's own, or its
 * gold answer), with the client ids it was written with (one `source` id and one per model) and the
 * ids it gave the document's parts.
 */
export function buildFromSeed(input: { item: SessionItem; prelabel: Prelabel | null; configVersion: number; replayIds?: readonly string[] }) {
  const ids = replayingIds(input.replayIds);
  const taken = new Set<number>();
  const sourceClientId = freshClientId(taken);
  const models = new Map<string, string | null>();
  if (input.item.seed.taskType === 'preference') for (const r of input.item.seed.responses) models.set(r.modelId, null);
  if (input.prelabel) models.set(input.prelabel.modelId, input.prelabel.promptVersion ?? null);
  const modelClientIds: Record<string, number> = {};
  for (const modelId of models.keys()) modelClientIds[modelId] = freshClientId(taken);
  const update = buildItemUpdate({
    taskType: input.item.seed.taskType,
    itemId: input.item.id,
    configVersion: input.configVersion,
    seed: input.item.seed,
    prelabel: input.prelabel ?? undefined,
    sourceClientId,
    modelClientIds,
  }, ids.next);
  const bindings = [
    { clientId: sourceClientId, kind: 'source' as const, modelId: null, promptVersion: null },
    ...[...models].map(([modelId, promptVersion]) => ({ clientId: modelClientIds[modelId]!, kind: 'model' as const, modelId, promptVersion })),
  ];
  return { update, bindings, partIds: ids.used };
}

/**
 * Inserts one calibration document [C2]: `kind` calibration (owned by a participant), notes or gold.
 * Its item id stays null: the document belongs to the session (calibration_answers / calibration_items),
 * so item lists, item history and the workflow never see it (no gold marker reaches annotators, G2).
 * Returns the new document's id.
 */
export async function insertSessionDocument(
  tx: DbOrTx,
  input: {
    projectId: string;
    name: string;
    kind: 'calibration' | 'notes' | 'gold';
    ownerId: string | null;
    createdBy: string | null;
    configVersion: number;
    content: ReturnType<typeof buildFromSeed> | null;
  },
): Promise<string> {
  const id = newId('document');
  const now = new Date();
  await tx.insert(documents).values({
    id,
    projectId: input.projectId,
    name: input.name,
    createdBy: input.createdBy,
    createdAt: now,
    updatedAt: now,
    updateSeq: input.content ? 1 : 0,
    itemId: null,
    configVersion: input.configVersion,
    kind: input.kind,
    ownerId: input.ownerId,
  });
  if (input.content) {
    await tx.insert(documentUpdates).values({ documentId: id, seq: 1, update: input.content.update, userId: null, origin: 'server', createdAt: now });
    await tx.insert(documentClients).values(input.content.bindings.map((b) => ({ ...b, documentId: id, userId: null, createdAt: now })));
  }
  return id;
}
