import { defaultConfig, projectConfigSchema, taskTypes, type Actor, type TaskType } from '@concord/annotation-doc';
import type { DocumentActor, DocumentDetail, DocumentItem, DocumentWithContent } from '../api-types.ts';

/**
 * The document answer with every part present: a server (or a document) from before task types
 * answers without them, and such documents are caption documents, read as alignment. Unknown actor
 * shapes are dropped; an invalid configuration falls back to the task type's default.
 *
 * @example const detail = toDocumentDetail(await api.getDocument(id));
 */
export function toDocumentDetail(raw: DocumentWithContent & Partial<Record<keyof DocumentDetail, unknown>>): DocumentDetail {
  const taskType: TaskType = taskTypes.find((t) => t === raw.taskType) ?? 'alignment';
  const parsed = projectConfigSchema.safeParse(raw.config);
  const config = parsed.success && parsed.data.taskType === taskType ? parsed.data : defaultConfig(taskType);
  const { readOnly, ...rest } = raw;
  return {
    ...rest,
    taskType,
    configVersion: typeof raw.configVersion === 'number' ? raw.configVersion : 1,
    config,
    item: itemOf(raw.item),
    problems: Array.isArray(raw.problems) ? (raw.problems as DocumentDetail['problems']) : [],
    provenance: isRecord(raw.provenance) ? (raw.provenance as DocumentDetail['provenance']) : {},
    actors: actorsOf(raw.actors),
    ...(typeof readOnly === 'boolean' ? { readOnly } : {}),
  };
}

/** The validated actors of an answer, keyed by client id. */
export function actorsOf(value: unknown): Record<string, DocumentActor> {
  if (!isRecord(value)) return {};
  const out: Record<string, DocumentActor> = {};
  for (const [clientId, actor] of Object.entries(value)) {
    if (!/^\d+$/.test(clientId) || !isRecord(actor)) continue;
    if (actor.kind === 'user' && typeof actor.userId === 'string') {
      out[clientId] = { kind: 'user', userId: actor.userId, name: typeof actor.name === 'string' ? actor.name : '' };
    } else if (actor.kind === 'model' && typeof actor.modelId === 'string') {
      out[clientId] = { kind: 'model', modelId: actor.modelId, ...(typeof actor.promptVersion === 'string' ? { promptVersion: actor.promptVersion } : {}) };
    } else if (actor.kind === 'source') {
      out[clientId] = { kind: 'source' };
    }
  }
  return out;
}

/**
 * The actor of a client id for `provenanceOf`: the API's binding, or the local user for this tab's own
 * client id (new local edits are the user's before the server has seen them).
 */
export function actorFor(clientId: number, options: { actors: Record<string, DocumentActor>; selfClientId: number; selfUserId: string }): Actor | undefined {
  if (clientId === options.selfClientId) return { kind: 'user', userId: options.selfUserId };
  const actor = options.actors[String(clientId)];
  if (actor === undefined) return undefined;
  switch (actor.kind) {
    case 'user':
      return { kind: 'user', userId: actor.userId };
    case 'model':
      return actor.promptVersion === undefined ? { kind: 'model', modelId: actor.modelId } : { kind: 'model', modelId: actor.modelId, promptVersion: actor.promptVersion };
    case 'source':
      return { kind: 'source' };
  }
}

function itemOf(value: unknown): DocumentItem | null {
  if (!isRecord(value) || typeof value.id !== 'string') return null;
  return {
    id: value.id,
    externalId: typeof value.externalId === 'string' ? value.externalId : '',
    tags: Array.isArray(value.tags) ? value.tags.filter((t): t is string => typeof t === 'string') : [],
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
