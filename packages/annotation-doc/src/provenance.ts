import type * as Y from 'yjs';
import { provenanceFields } from './provenance-fields.ts';
import type { Unit } from './provenance-units.ts';

/** Who a Yjs client id belongs to; the server binds client ids to actors [A5]. */
export type Actor = { kind: 'user'; userId: string } | { kind: 'model'; modelId: string; promptVersion?: string } | { kind: 'source' };

/** Where a field's content came from. */
export type ProvenanceKind = 'human_written' | 'model_generated' | 'model_then_human_edited' | 'source' | 'empty';

/** The provenance of one field. */
export interface FieldProvenance {
  kind: ProvenanceKind;
  /** The model that wrote (most of) the model content. */
  modelId?: string;
  promptVersion?: string;
  /** Users whose writing is in the current content (sorted). */
  authors: string[];
  /** Users who wrote in the field at all, including writing since deleted (sorted). Yjs does not record who deleted. */
  editedBy: string[];
  /**
   * 0..1. Model-based fields: (human-inserted + model-deleted) / (model-written + human-inserted).
   * Human-written fields: the same with the source's content in place of the model's (1 when people wrote it all).
   */
  humanShare: number;
}

interface Counts {
  inserted: number;
  deleted: number;
}

function add(counts: Map<string, Counts>, key: string, unit: Unit): void {
  const entry = counts.get(key) ?? { inserted: 0, deleted: 0 };
  entry.inserted += unit.length;
  if (unit.deleted) entry.deleted += unit.length;
  counts.set(key, entry);
}

function sum(counts: Map<string, Counts>, pick: (c: Counts) => number): number {
  let total = 0;
  for (const c of counts.values()) total += pick(c);
  return total;
}

/** Classifies a field from its units. Unknown client ids count as people (conservative). */
function classify(units: Unit[], actorOf: (clientId: number) => Actor | undefined): FieldProvenance {
  const source = new Map<string, Counts>();
  const models = new Map<string, Counts>();
  const humans = new Map<string, Counts>();
  const promptVersions = new Map<string, string>();
  for (const unit of units) {
    const actor = actorOf(unit.client);
    if (actor?.kind === 'source') add(source, 'source', unit);
    else if (actor?.kind === 'model') {
      add(models, actor.modelId, unit);
      if (actor.promptVersion !== undefined) promptVersions.set(actor.modelId, actor.promptVersion);
    } else add(humans, actor?.kind === 'user' ? `user:${actor.userId}` : `client:${unit.client}`, unit);
  }
  const users = (pick: (c: Counts) => boolean) =>
    [...humans].filter(([key, c]) => key.startsWith('user:') && pick(c)).map(([key]) => key.slice('user:'.length)).sort();
  const authors = users((c) => c.inserted > c.deleted);
  const editedBy = users((c) => c.inserted > 0);
  const humanInserted = sum(humans, (c) => c.inserted);
  const live = [source, models, humans].reduce((total, counts) => total + sum(counts, (c) => c.inserted - c.deleted), 0);
  if (live === 0) return { kind: 'empty', authors, editedBy, humanShare: 0 };

  const modelInserted = sum(models, (c) => c.inserted);
  if (modelInserted > 0) {
    const [modelId] = [...models].sort((a, b) => b[1].inserted - a[1].inserted || (a[0] < b[0] ? -1 : 1))[0] ?? [''];
    const promptVersion = promptVersions.get(modelId);
    const modelDeleted = sum(models, (c) => c.deleted);
    const edited = humanInserted > 0 || modelDeleted > 0;
    return {
      kind: edited ? 'model_then_human_edited' : 'model_generated',
      modelId,
      ...(promptVersion === undefined ? {} : { promptVersion }),
      authors,
      editedBy,
      humanShare: edited ? (humanInserted + modelDeleted) / (modelInserted + humanInserted) : 0,
    };
  }
  const sourceInserted = sum(source, (c) => c.inserted);
  const sourceDeleted = sum(source, (c) => c.deleted);
  if (humanInserted === 0 && sourceDeleted === 0) return { kind: 'source', authors, editedBy, humanShare: 0 };
  return { kind: 'human_written', authors, editedBy, humanShare: (humanInserted + sourceDeleted) / (sourceInserted + humanInserted) };
}

/**
 * [A5] Who wrote each field of a document, derived from the Yjs items that hold its current content and
 * the ones deleted from it, and the actor each item's client id is bound to — never from a value someone
 * can set. Field paths: `caption`, `rationale`, `summary`, `prompt.text`, `turns.<id>.text`,
 * `responses.<id>.text`, `regions.<id>`, `links.<id>`, `judgement`, `scores`, `vqa.<id>.question` …
 * (see SPEC.md). Model content changed by people is `model_then_human_edited`; the import's content
 * changed by people counts as `human_written`.
 *
 * @example
 * const provenance = provenanceOf(doc, (clientId) => bindings.get(clientId));
 * if (provenance.caption?.kind === 'model_generated') warn('caption not reviewed');
 */
export function provenanceOf(doc: Y.Doc, actorOf: (clientId: number) => Actor | undefined): Record<string, FieldProvenance> {
  const actors = new Map<number, Actor | undefined>();
  const cachedActorOf = (clientId: number) => {
    if (!actors.has(clientId)) actors.set(clientId, actorOf(clientId));
    return actors.get(clientId);
  };
  const out: Record<string, FieldProvenance> = {};
  for (const [path, units] of provenanceFields(doc)) out[path] = classify(units, cachedActorOf);
  return out;
}
