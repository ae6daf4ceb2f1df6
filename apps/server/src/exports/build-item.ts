import { defaultConfig, projectConfigSchema, provenanceOf, readDoc, taskTypeOf, type Actor, type FieldProvenance, type ProjectConfig, type TaskType } from '@concord/annotation-doc';
import { assignments, documents, projectConfigs, type Db } from '@concord/db';
import type { ExportItem, ExportMedium, Split } from '@concord/exporters';
import { isId } from '@concord/protocol';
import { and, asc, eq, inArray } from 'drizzle-orm';
import * as Y from 'yjs';
import { documentActors } from '../items/document-view.ts';
import type { DocumentReader } from '../services.ts';
import { pseudonymOf } from './pseudonym.ts';
import { handedIn, type SelectedItem } from './select.ts';

/** What building an ExportItem needs, per export. */
export interface ItemBuilderOptions {
  db: Db;
  documents: DocumentReader;
  projectId: string;
  taskType: TaskType;
  exportKey: string;
  /** The medium of a media id as this export refers to it (path and/or URL), or null when it is gone. */
  medium(mediaId: string, split: Split): Promise<ExportMedium | null>;
}

/** Every `med_…` string anywhere in a plain annotation (prompt media, images, turn media) [X7]. */
export function mediaIdsIn(value: unknown, into = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    if (isId('media', value)) into.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) mediaIdsIn(v, into);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) mediaIdsIn(v, into);
  }
  return into;
}

/** Field provenance with author user ids replaced by pseudonyms [X5]. */
export function pseudonymousFields(fields: Record<string, FieldProvenance>, secret: string): Record<string, FieldProvenance> {
  const out: Record<string, FieldProvenance> = {};
  for (const [path, field] of Object.entries(fields)) {
    out[path] = {
      ...field,
      authors: field.authors.map((u) => pseudonymOf(secret, u)).sort(),
      editedBy: field.editedBy.map((u) => pseudonymOf(secret, u)).sort(),
    };
  }
  return out;
}

/**
 * Builds ExportItems from selected item rows: the final document (items.final_document_id, else the
 * item's shared document) read as readDoc, the config of its config version, the media, and the row
 * provenance with pseudonymous ids and the item's agreement read per page by the caller [X3][X5][X14].
 * Null when the item has no readable annotation.
 * @example const build = createItemBuilder({ db, documents, projectId, taskType, exportKey, medium }); const item = await build(row, 'train');
 */
export function createItemBuilder(options: ItemBuilderOptions) {
  const { db, projectId, exportKey } = options;
  const configs = new Map<number, ProjectConfig>();

  async function configOf(version: number): Promise<ProjectConfig> {
    const cached = configs.get(version);
    if (cached) return cached;
    const [stored] = await db
      .select({ config: projectConfigs.config })
      .from(projectConfigs)
      .where(and(eq(projectConfigs.projectId, projectId), eq(projectConfigs.version, version)))
      .limit(1);
    const parsed = stored ? projectConfigSchema.safeParse(stored.config) : null;
    const config = parsed?.success ? parsed.data : defaultConfig(options.taskType);
    configs.set(version, config);
    return config;
  }

  async function finalDocument(item: SelectedItem): Promise<{ id: string; configVersion: number } | null> {
    const condition = item.finalDocumentId
      ? eq(documents.id, item.finalDocumentId)
      : and(eq(documents.itemId, item.id), eq(documents.kind, 'item'));
    const [row] = await db.select({ id: documents.id, configVersion: documents.configVersion }).from(documents).where(condition).orderBy(asc(documents.createdAt)).limit(1);
    return row ?? null;
  }

  async function annotatorsOf(itemId: string): Promise<string[]> {
    const rows = await db
      .selectDistinct({ userId: assignments.userId })
      .from(assignments)
      .where(and(eq(assignments.itemId, itemId), eq(assignments.kind, 'work'), inArray(assignments.state, [...handedIn])));
    return rows.map((r) => pseudonymOf(exportKey, r.userId)).sort();
  }

  return async function build(item: SelectedItem, split: Split, agreement: number | null = null): Promise<ExportItem | null> {
    const document = await finalDocument(item);
    if (!document) return null;
    const [state, actors, config, annotators] = await Promise.all([
      options.documents.readState(document.id),
      documentActors(db, document.id),
      configOf(document.configVersion),
      annotatorsOf(item.id),
    ]);
    const doc = new Y.Doc();
    try {
      Y.applyUpdate(doc, state);
      if (!taskTypeOf(doc)) return null;
      const annotation = readDoc(doc);
      const actorOf = (clientId: number): Actor | undefined => {
        const actor = actors.get(clientId);
        if (!actor) return undefined;
        if (actor.kind === 'user') return { kind: 'user', userId: actor.userId };
        if (actor.kind === 'model') return { kind: 'model', modelId: actor.modelId, ...(actor.promptVersion ? { promptVersion: actor.promptVersion } : {}) };
        return { kind: 'source' };
      };
      const fields = pseudonymousFields(provenanceOf(doc, actorOf), exportKey);
      const media: Record<string, ExportMedium> = {};
      for (const mediaId of mediaIdsIn(annotation)) {
        const medium = await options.medium(mediaId, split);
        if (medium) media[mediaId] = medium;
      }
      return {
        itemId: item.id,
        externalId: item.externalId,
        split,
        tags: item.tags,
        gold: item.gold !== null && item.gold !== undefined,
        annotation,
        media,
        config,
        provenance: { annotators, configVersion: document.configVersion, reviewOutcome: item.state, fields, agreement },
      };
    } finally {
      doc.destroy();
    }
  };
}
