import { media, type Db } from '@concord/db';
import { isId, newId } from '@concord/protocol';
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { AppError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { Fetcher } from './fetcher.ts';
import { inspect, type IngestLimits } from './ingest.ts';
import { newStorageKey } from './local-store.ts';
import { cleanFileName, decodeDataUri, fileNameOfUrl } from './refs.ts';
import type { MediaLibrary, MediaRecord, MediaStore } from './types.ts';

export interface MediaServiceOptions {
  db: Db;
  store: MediaStore;
  fetcher: Fetcher;
  limits: IngestLimits;
  log: Logger;
}

const recordColumns = {
  id: media.id,
  projectId: media.projectId,
  kind: media.kind,
  contentType: media.contentType,
  bytes: media.bytes,
  width: media.width,
  height: media.height,
  sha256: media.sha256,
  originalName: media.originalName,
  sourceUrl: media.sourceUrl,
  createdAt: media.createdAt,
};

const unprocessable = (message: string) => new AppError(422, 'invalid_media_reference', message);

/** resolve() reports every problem as a 422 for the import line it came from, keeping the message. */
function asReferenceError(err: unknown): unknown {
  if (err instanceof AppError && (err.status === 413 || err.status === 415)) return new AppError(422, err.code, err.message);
  return err;
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/** The URL as stored in `source_url` and matched by resolve(). */
function normalizeUrl(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}

/**
 * Media of projects: rows in the `media` table, bytes in a MediaStore under server-made keys.
 * Rules in ./SPEC.md.
 * @example const mediaService = createMediaService({ db, store, fetcher, limits: config.media, log });
 */
export function createMediaService(options: MediaServiceOptions): MediaLibrary {
  const { db, store, fetcher, limits, log } = options;
  /** Fetches of one URL into one project that are under way, so concurrent import lines share one. */
  const inflight = new Map<string, Promise<MediaRecord>>();

  async function removeQuietly(key: string): Promise<boolean> {
    try {
      await store.remove(key);
      return true;
    } catch (err) {
      log.error({ err }, 'could not remove a media file');
      return false;
    }
  }

  /** Streams into the store, then records it unless the project has the same bytes already. */
  async function ingest(input: {
    projectId: string;
    userId: string | null;
    originalName: string | null;
    sourceUrl: string | null;
    body: AsyncIterable<Uint8Array>;
  }): Promise<{ record: MediaRecord; created: boolean }> {
    if (!isId('project', input.projectId)) throw new Error('invalid project id');
    const key = newStorageKey(input.projectId);
    const check = inspect(input.body, limits);
    await store.put(key, check.stream);
    const info = check.result();
    let outcome: { record: MediaRecord; created: boolean };
    try {
      outcome = await db.transaction(async (tx) => {
        // Serialises uploads of the same bytes into the same project, so dedupe holds under concurrency.
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`media:${input.projectId}:${info.sha256}`}))`);
        const [existing] = await tx
          .select(recordColumns)
          .from(media)
          .where(and(eq(media.projectId, input.projectId), eq(media.sha256, info.sha256)))
          .orderBy(media.createdAt, media.id)
          .limit(1);
        if (existing) {
          if (input.sourceUrl && !existing.sourceUrl) {
            await tx.update(media).set({ sourceUrl: input.sourceUrl }).where(eq(media.id, existing.id));
            existing.sourceUrl = input.sourceUrl;
          }
          return { record: existing, created: false };
        }
        const [row] = await tx
          .insert(media)
          .values({
            id: newId('media'),
            projectId: input.projectId,
            storageKey: key,
            kind: info.kind,
            contentType: info.contentType,
            bytes: info.bytes,
            width: info.width,
            height: info.height,
            sha256: info.sha256,
            originalName: input.originalName,
            sourceUrl: input.sourceUrl,
            createdBy: input.userId,
          })
          .returning(recordColumns);
        return { record: row!, created: true };
      });
    } catch (err) {
      await removeQuietly(key);
      throw err;
    }
    if (!outcome.created) await removeQuietly(key);
    return outcome;
  }

  async function discard(records: MediaRecord[]): Promise<void> {
    if (records.length === 0) return;
    const rows = await db
      .delete(media)
      .where(inArray(media.id, records.map((r) => r.id)))
      .returning({ storageKey: media.storageKey });
    for (const row of rows) await removeQuietly(row.storageKey);
  }

  async function fetchInto(projectId: string, userId: string | null, url: string): Promise<MediaRecord> {
    const response = await fetcher.fetch(url);
    const { record } = await ingest({
      projectId,
      userId,
      originalName: fileNameOfUrl(response.url),
      sourceUrl: normalizeUrl(url),
      body: response.body,
    });
    return record;
  }

  async function resolveUrl(projectId: string, userId: string | null, url: string): Promise<MediaRecord> {
    const sourceUrl = normalizeUrl(url);
    const [known] = await db
      .select(recordColumns)
      .from(media)
      .where(and(eq(media.projectId, projectId), eq(media.sourceUrl, sourceUrl)))
      .orderBy(desc(media.createdAt))
      .limit(1);
    if (known) return known;
    const key = `${projectId} ${sourceUrl}`;
    let pending = inflight.get(key);
    if (!pending) {
      pending = fetchInto(projectId, userId, sourceUrl).finally(() => inflight.delete(key));
      inflight.set(key, pending);
    }
    return pending;
  }

  async function byName(projectId: string, name: string): Promise<MediaRecord | null> {
    const [row] = await db
      .select(recordColumns)
      .from(media)
      .where(and(eq(media.projectId, projectId), eq(media.originalName, name)))
      .orderBy(desc(media.createdAt), desc(media.id))
      .limit(1);
    return row ?? null;
  }

  const service: MediaLibrary = {
    async upload({ projectId, userId, fileName, body }) {
      return (await ingest({ projectId, userId, originalName: cleanFileName(fileName), sourceUrl: null, body })).record;
    },

    async uploadAll({ projectId, userId, files }) {
      const created: MediaRecord[] = [];
      const records: MediaRecord[] = [];
      try {
        for await (const file of files) {
          const outcome = await ingest({ projectId, userId, originalName: cleanFileName(file.fileName), sourceUrl: null, body: file.body });
          records.push(outcome.record);
          if (outcome.created) created.push(outcome.record);
        }
      } catch (err) {
        await discard(created);
        throw err;
      }
      return records;
    },

    fetchUrl({ projectId, userId, url }) {
      return fetchInto(projectId, userId, url);
    },

    async resolve({ projectId, userId, ref }) {
      const value = ref.trim();
      const shown = JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value);
      if (value === '') {
        throw unprocessable('The media reference is empty: give a med_… id, an http(s) URL, a data: URI or the name of an uploaded file.');
      }
      try {
        if (isId('media', value)) {
          const record = await service.get(value);
          if (!record || record.projectId !== projectId) throw unprocessable(`There is no media ${value} in this project.`);
          return record;
        }
        if (/^data:/i.test(value)) {
          const bytes = decodeDataUri(value, limits.maxBytes);
          return (await ingest({ projectId, userId, originalName: null, sourceUrl: null, body: once(bytes) })).record;
        }
        if (/^https?:\/\//i.test(value)) return await resolveUrl(projectId, userId, value);
        if (/^[a-z][a-z0-9+.-]*:/i.test(value) && !/^[a-z]:[\\/]/i.test(value)) {
          throw unprocessable(`${shown} is not fetched: only http(s) URLs are. Upload the file to the project and refer to it by name.`);
        }
        const name = cleanFileName(value);
        // Stored names are cleaned the same way, so `photos/cat.png` finds an upload named `cat.png`.
        const record = name ? await byName(projectId, name) : null;
        if (record) return record;
        throw unprocessable(
          `No media named ${shown} in this project: upload it first (POST /api/v1/projects/${projectId}/media), or refer to it by http(s) URL, data: URI or med_… id.`,
        );
      } catch (err) {
        throw asReferenceError(err);
      }
    },

    async get(mediaId) {
      if (!isId('media', mediaId)) return null;
      const [row] = await db.select(recordColumns).from(media).where(eq(media.id, mediaId)).limit(1);
      return row ?? null;
    },

    async open(record, range) {
      const [row] = await db.select({ storageKey: media.storageKey }).from(media).where(eq(media.id, record.id)).limit(1);
      if (!row) throw new AppError(404, 'not_found', 'Media not found or no access.');
      return store.open(row.storageKey, range);
    },

    async removeFiles(storageKeys) {
      let removed = 0;
      for (const key of storageKeys) if (await removeQuietly(key)) removed += 1;
      return removed;
    },

    async list({ projectId, limit, cursor }) {
      const conditions: SQL[] = [eq(media.projectId, projectId)];
      if (cursor) {
        // Compared in SQL against the cursor row, so equal timestamps never skip or repeat rows.
        conditions.push(
          sql`(${media.createdAt}, ${media.id}) < (select "created_at", "id" from "media" where "id" = ${cursor} and "project_id" = ${projectId})`,
        );
      }
      const rows = await db
        .select(recordColumns)
        .from(media)
        .where(and(...conditions))
        .orderBy(desc(media.createdAt), desc(media.id))
        .limit(limit + 1);
      const items = rows.slice(0, limit);
      return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
    },
  };
  return service;
}
