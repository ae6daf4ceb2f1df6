import { provenanceOf, readDoc, taskTypeOf, validate, type Actor, type AnnotationDoc, type FieldProvenance, type Problem, type ProjectConfig, type Viewer } from '@concord/annotation-doc';
import { documentClients, items, users, type Db } from '@concord/db';
import { eq } from 'drizzle-orm';
import * as Y from 'yjs';

/** Who wrote with one client id, as the API shows it (users with their display name). */
export type ActorInfo =
  | { kind: 'user'; userId: string; name: string | null }
  | { kind: 'model'; modelId: string; promptVersion: string | null }
  | { kind: 'source' };

/** The client ids of a document and their authors. */
export async function documentActors(db: Db, documentId: string): Promise<Map<number, ActorInfo>> {
  const rows = await db
    .select({
      clientId: documentClients.clientId,
      kind: documentClients.kind,
      userId: documentClients.userId,
      modelId: documentClients.modelId,
      promptVersion: documentClients.promptVersion,
      name: users.name,
    })
    .from(documentClients)
    .leftJoin(users, eq(users.id, documentClients.userId))
    .where(eq(documentClients.documentId, documentId));
  const actors = new Map<number, ActorInfo>();
  for (const row of rows) {
    if (row.kind === 'model') actors.set(row.clientId, { kind: 'model', modelId: row.modelId ?? 'unknown model', promptVersion: row.promptVersion });
    else if (row.kind === 'user' && row.userId) actors.set(row.clientId, { kind: 'user', userId: row.userId, name: row.name });
    else actors.set(row.clientId, { kind: 'source' });
  }
  return actors;
}

export async function itemSummary(db: Db, itemId: string): Promise<{ id: string; externalId: string; tags: string[] } | null> {
  const [row] = await db.select({ id: items.id, externalId: items.externalId, tags: items.tags }).from(items).where(eq(items.id, itemId));
  return row ?? null;
}

/**
 * The typed view of an annotation document with its validation problems and per-field provenance,
 * or null for a document without a task-type layout (a free caption document).
 */
export function annotationView(
  state: Uint8Array,
  config: ProjectConfig,
  actors: Map<number, ActorInfo>,
  viewer: Viewer,
): { content: AnnotationDoc; problems: Problem[]; provenance: Record<string, FieldProvenance> } | null {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, state);
    if (!taskTypeOf(doc)) return null;
    const content = readDoc(doc);
    const actorOf = (clientId: number): Actor | undefined => {
      const actor = actors.get(clientId);
      if (!actor) return undefined;
      if (actor.kind === 'user') return { kind: 'user', userId: actor.userId };
      if (actor.kind === 'model') return { kind: 'model', modelId: actor.modelId, ...(actor.promptVersion ? { promptVersion: actor.promptVersion } : {}) };
      return { kind: 'source' };
    };
    return { content, problems: validate(content, config, { viewer }), provenance: provenanceOf(doc, actorOf) };
  } finally {
    doc.destroy();
  }
}
