import { defaultConfig, projectConfigSchema, provenanceOf, readDoc, taskTypeOf, type FieldProvenance, type ProjectConfig, type TaskType } from '@concord/annotation-doc';
import { assignments, documents, projectConfigs, type Db } from '@concord/db';
import type { ExportItem, ExportMedium, Split } from '@concord/exporters';
import { isId } from '@concord/protocol';
import { and, asc, eq, inArray, or, type SQL } from 'drizzle-orm';
import * as Y from 'yjs';
import { actorLookup, documentActorsOf, type ActorInfo } from '../items/document-view.ts';
import { namedDoc } from '../rooms/named-doc.ts';
import type { DocumentReader } from '../services.ts';
import { inOrder } from './in-order.ts';
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
  /** How many items of a page are built at once (their stored states read in parallel); default 6. */
  concurrency?: number;
}

/** One selected item of a page with its split and its agreement (read per page by the caller). */
export interface PageEntry {
  item: SelectedItem;
  split: Split;
  agreement: number | null;
}

/** A page entry with its ExportItem, or null when the item has no readable annotation [X3]. */
export interface PageBuild {
  entry: PageEntry;
  built: ExportItem | null;
}

interface FinalDocument {
  id: string;
  configVersion: number;
}

/** What one page's builds share: loaded with one query each for the whole page [X2]. */
interface PageData {
  documents: Map<string, FinalDocument>;
  actors: Map<string, Map<number, ActorInfo>>;
  annotators: Map<string, string[]>;
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
 * Builds ExportItems from pages of selected item rows: the final document (items.final_document_id, else
 * the item's shared document) read as readDoc, the config of its config version, the media, and the row
 * provenance with pseudonymous ids and the item's agreement read per page by the caller [X3][X5][X14].
 * A page's documents, client bindings and annotators are loaded with one query each; each item's state
 * is read through the DocumentReader (live rooms included), `concurrency` items at a time, and the
 * builds come out in the page's order [X2].
 * @example const builder = createItemBuilder({ db, documents, projectId, taskType, exportKey, medium }); for await (const { entry, built } of builder.page(entries)) write(built);
 */
export function createItemBuilder(options: ItemBuilderOptions) {
  const { db, projectId, exportKey } = options;
  const concurrency = options.concurrency ?? 6;
  const configs = new Map<number, Promise<ProjectConfig>>();

  async function loadConfig(version: number): Promise<ProjectConfig> {
    const [stored] = await db
      .select({ config: projectConfigs.config })
      .from(projectConfigs)
      .where(and(eq(projectConfigs.projectId, projectId), eq(projectConfigs.version, version)))
      .limit(1);
    const parsed = stored ? projectConfigSchema.safeParse(stored.config) : null;
    return parsed?.success ? parsed.data : defaultConfig(options.taskType);
  }

  function configOf(version: number): Promise<ProjectConfig> {
    let config = configs.get(version);
    if (!config) {
      config = loadConfig(version);
      configs.set(version, config);
      config.catch(() => configs.delete(version));
    }
    return config;
  }

  /** item id → its final document: by items.final_document_id, else its first shared `item` document [X3]. */
  async function finalDocuments(page: readonly SelectedItem[]): Promise<Map<string, FinalDocument>> {
    const finalIds = page.flatMap((item) => (item.finalDocumentId ? [item.finalDocumentId] : []));
    const shared = page.filter((item) => !item.finalDocumentId).map((item) => item.id);
    const conditions: SQL[] = [];
    if (finalIds.length > 0) conditions.push(inArray(documents.id, finalIds));
    if (shared.length > 0) conditions.push(and(inArray(documents.itemId, shared), eq(documents.kind, 'item'))!);
    if (conditions.length === 0) return new Map();
    const rows = await db
      .select({ id: documents.id, itemId: documents.itemId, kind: documents.kind, configVersion: documents.configVersion })
      .from(documents)
      .where(or(...conditions))
      .orderBy(asc(documents.createdAt), asc(documents.id));
    const byId = new Map(rows.map((r) => [r.id, r]));
    const sharedSet = new Set(shared);
    const firstShared = new Map<string, FinalDocument>();
    for (const r of rows) {
      if (r.kind === 'item' && r.itemId && sharedSet.has(r.itemId) && !firstShared.has(r.itemId)) firstShared.set(r.itemId, r);
    }
    const out = new Map<string, FinalDocument>();
    for (const item of page) {
      const found = item.finalDocumentId ? byId.get(item.finalDocumentId) : firstShared.get(item.id);
      if (found) out.set(item.id, { id: found.id, configVersion: found.configVersion });
    }
    return out;
  }

  /** item id → pseudonyms of the users who handed work in on it, sorted [X5]. */
  async function annotatorsOf(itemIds: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>(itemIds.map((id) => [id, []]));
    if (itemIds.length === 0) return out;
    const rows = await db
      .selectDistinct({ itemId: assignments.itemId, userId: assignments.userId })
      .from(assignments)
      .where(and(inArray(assignments.itemId, [...itemIds]), eq(assignments.kind, 'work'), inArray(assignments.state, [...handedIn])));
    for (const r of rows) out.get(r.itemId)?.push(pseudonymOf(exportKey, r.userId));
    for (const list of out.values()) list.sort();
    return out;
  }

  async function loadPage(page: readonly SelectedItem[]): Promise<PageData> {
    const finals = await finalDocuments(page);
    const [actors, annotators] = await Promise.all([documentActorsOf(db, [...finals.values()].map((d) => d.id)), annotatorsOf(page.map((i) => i.id))]);
    return { documents: finals, actors, annotators };
  }

  async function build(data: PageData, { item, split, agreement }: PageEntry): Promise<ExportItem | null> {
    const document = data.documents.get(item.id);
    if (!document) return null;
    const actors = data.actors.get(document.id) ?? new Map<number, ActorInfo>();
    const [state, config] = await Promise.all([options.documents.readState(document.id), configOf(document.configVersion)]);
    const doc = namedDoc(document.id);
    try {
      Y.applyUpdate(doc, state);
      if (!taskTypeOf(doc)) return null;
      const annotation = readDoc(doc);
      const fields = pseudonymousFields(provenanceOf(doc, actorLookup(actors)), exportKey);
      const media: Record<string, ExportMedium> = {};
      for (const mediaId of mediaIdsIn(annotation)) {
        const medium = await options.medium(mediaId, split);
        if (medium) media[mediaId] = medium;
      }
      const annotators = data.annotators.get(item.id) ?? [];
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
  }

  return {
    /** The page's builds in the page's order; at most `concurrency` items are being built at a time. */
    async *page(entries: readonly PageEntry[]): AsyncGenerator<PageBuild> {
      if (entries.length === 0) return;
      const data = await loadPage(entries.map((e) => e.item));
      for await (const built of inOrder(entries, concurrency, async (entry) => ({ entry, built: await build(data, entry) }))) yield built;
    },
  };
}
