import { provenanceOf, readDoc, taskTypeOf, validate, type Actor, type AnnotationDoc, type FieldProvenance, type Problem, type ProjectConfig, type Viewer } from '@concord/annotation-doc';
import { documentClients, items, users, type Db } from '@concord/db';
import { eq, inArray } from 'drizzle-orm';
import * as Y from 'yjs';
import { namedDoc } from '../rooms/named-doc.ts';

/** Who wrote with one client id, as the API shows it (users with their display name). */
export type ActorInfo =
  | { kind: 'user'; userId: string; name: string | null }
  | { kind: 'model'; modelId: string; promptVersion: string | null }
  | { kind: 'source' };

const actorColumns = {
  documentId: documentClients.documentId,
  clientId: documentClients.clientId,
  kind: documentClients.kind,
  userId: documentClients.userId,
  modelId: documentClients.modelId,
  promptVersion: documentClients.promptVersion,
  name: users.name,
};

function actorOf(row: { kind: string; userId: string | null; modelId: string | null; promptVersion: string | null; name: string | null }): ActorInfo {
  if (row.kind === 'model') return { kind: 'model', modelId: row.modelId ?? 'unknown model', promptVersion: row.promptVersion };
  if (row.kind === 'user' && row.userId) return { kind: 'user', userId: row.userId, name: row.name };
  return { kind: 'source' };
}

/** The client ids of a document and their authors. */
export async function documentActors(db: Db, documentId: string): Promise<Map<number, ActorInfo>> {
  return (await documentActorsOf(db, [documentId])).get(documentId) ?? new Map();
}

/**
 * The client ids and authors of several documents in one query (an export page reads them this way);
 * every id asked for has a map, empty when the document has no client binding.
 * @example const actors = await documentActorsOf(db, page.map((d) => d.id));
 */
export async function documentActorsOf(db: Db, documentIds: readonly string[]): Promise<Map<string, Map<number, ActorInfo>>> {
  const byDocument = new Map<string, Map<number, ActorInfo>>(documentIds.map((id) => [id, new Map()]));
  if (documentIds.length === 0) return byDocument;
  const rows = await db
    .select(actorColumns)
    .from(documentClients)
    .leftJoin(users, eq(users.id, documentClients.userId))
    .where(inArray(documentClients.documentId, [...new Set(documentIds)]));
  for (const row of rows) byDocument.get(row.documentId)?.set(row.clientId, actorOf(row));
  return byDocument;
}

export async function itemSummary(db: Db, itemId: string): Promise<{ id: string; externalId: string; tags: string[] } | null> {
  const [row] = await db.select({ id: items.id, externalId: items.externalId, tags: items.tags }).from(items).where(eq(items.id, itemId));
  return row ?? null;
}

/**
 * The provenance actor of each Yjs client id of a document, from its client bindings (unknown ids: none).
 * @example provenanceOf(doc, actorLookup(await documentActors(db, documentId)))
 */
export function actorLookup(actors: ReadonlyMap<number, ActorInfo>): (clientId: number) => Actor | undefined {
  return (clientId) => {
    const actor = actors.get(clientId);
    if (!actor) return undefined;
    if (actor.kind === 'user') return { kind: 'user', userId: actor.userId };
    if (actor.kind === 'model') return { kind: 'model', modelId: actor.modelId, ...(actor.promptVersion ? { promptVersion: actor.promptVersion } : {}) };
    return { kind: 'source' };
  };
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
  const doc = namedDoc('annotation view');
  try {
    Y.applyUpdate(doc, state);
    if (!taskTypeOf(doc)) return null;
    const content = readDoc(doc);
    return { content, problems: validate(content, config, { viewer }), provenance: provenanceOf(doc, actorLookup(actors)) };
  } finally {
    doc.destroy();
  }
}
