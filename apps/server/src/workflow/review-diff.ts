import { diffAnnotations, provenanceOf, type Actor, type FieldProvenance } from '@concord/annotation-doc';
import type { Db } from '@concord/db';
import type { FieldChange } from '@concord/protocol';
import * as Y from 'yjs';
import { documentActors, type ActorInfo } from '../items/document-view.ts';
import { namedDoc } from '../rooms/named-doc.ts';
import { wrongState } from './refusals.ts';
import type { AssignmentRow } from './reviews.ts';
import { contentOf, readStoredState } from './stored-state.ts';

/** Whether a document's current state differs in any field from the version submitted [R4]. */
export function isEdited(submitted: Uint8Array, current: Uint8Array): boolean {
  const [before, after] = [contentOf(submitted), contentOf(current)];
  return before !== null && after !== null && diffAnnotations(before, after).length > 0;
}

/** Clients that wrote anything after the submitted state (deletions alone leave no trace here). */
function clientsSince(submitted: Uint8Array, current: Uint8Array): Set<number> {
  const before = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(submitted));
  const after = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(current));
  return new Set([...after].filter(([client, clock]) => clock > (before.get(client) ?? 0)).map(([client]) => client));
}

/** Provenance entries about a diff path: the same field, a record holding it, or fields inside it. */
function related(provenance: Record<string, FieldProvenance>, path: string): FieldProvenance[] {
  return Object.entries(provenance)
    .filter(([key]) => key === path || path.startsWith(`${key}.`) || key.startsWith(`${path}.`))
    .map(([, p]) => p);
}

function actorOf(actors: Map<number, ActorInfo>) {
  return (clientId: number): Actor | undefined => {
    const actor = actors.get(clientId);
    if (!actor) return undefined;
    if (actor.kind === 'user') return { kind: 'user', userId: actor.userId };
    if (actor.kind === 'model') return { kind: 'model', modelId: actor.modelId, ...(actor.promptVersion ? { promptVersion: actor.promptVersion } : {}) };
    return { kind: 'source' };
  };
}

/**
 * Who changed a field: the people who wrote in it since the submission (the reviewer's edits), else
 * who wrote its current content (people, else the model, else the source), else null.
 */
function changedBy(entries: FieldProvenance[], recentUsers: Set<string>, names: Map<string, string>): string | null {
  const name = (id: string) => names.get(id) ?? id;
  const recent = [...new Set(entries.flatMap((p) => p.editedBy))].filter((id) => recentUsers.has(id));
  if (recent.length > 0) return recent.map(name).join(', ');
  const authors = [...new Set(entries.flatMap((p) => p.authors))];
  if (authors.length > 0) return authors.map(name).join(', ');
  const model = entries.find((p) => p.modelId)?.modelId;
  if (model) return model;
  return entries.some((p) => p.kind === 'source') ? 'source' : null;
}

/**
 * [R3] The reviewer's edits against the annotator's submitted version, field by field, each with who
 * changed it (from provenance, i.e. the client ids bound to people, never from anything a client says).
 * 409 when nothing was submitted yet.
 * @example const changes = await reviewDiff(db, assignment);
 */
export async function reviewDiff(db: Db, a: AssignmentRow): Promise<FieldChange[]> {
  if (!a.submittedState) throw wrongState('Nothing is submitted yet: there is no version to compare with.', a.state);
  const current = await readStoredState(db, a.documentId);
  const [before, after] = [contentOf(a.submittedState), contentOf(current)];
  if (!before || !after) return [];
  const diffs = diffAnnotations(before, after);
  if (diffs.length === 0) return [];
  const actors = await documentActors(db, a.documentId);
  const names = new Map([...actors.values()].flatMap((x) => (x.kind === 'user' ? [[x.userId, x.name ?? x.userId] as const] : [])));
  const recentUsers = new Set(
    [...clientsSince(a.submittedState, current)].flatMap((client) => {
      const actor = actors.get(client);
      return actor?.kind === 'user' ? [actor.userId] : [];
    }),
  );
  const ydoc = namedDoc('review diff');
  try {
    Y.applyUpdate(ydoc, current);
    const provenance = provenanceOf(ydoc, actorOf(actors));
    return diffs.map((d) => ({ path: d.path, kind: d.kind, before: d.before ?? null, after: d.after ?? null, changedBy: changedBy(related(provenance, d.path), recentUsers, names) }));
  } finally {
    ydoc.destroy();
  }
}
