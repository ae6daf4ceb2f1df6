import type { Statement } from './append-statement.ts';

/**
 * The reads of a document the rooms make on every load and catch-up, as named statements (prepared once
 * per connection, like the append) rather than Drizzle queries built per call. Column names are what
 * the store's row readers expect: `bytes` for an update or snapshot state.
 */

/**
 * The snapshot (a first row with `part` 0, if there is one) and every update after it (`part` 1, by seq).
 * One statement, so one round trip and one MVCC snapshot: a compaction committing in between cannot pair
 * an older snapshot with a shorter tail, and the log is never trimmed, so nothing after the snapshot is missing.
 */
export function documentStateStatement(documentId: string): Statement {
  return {
    name: 'concord_document_state',
    text: `with s as (select seq, state, update_count from document_snapshots where document_id = $1)
select 0 as part, seq, state as bytes, update_count, null::text as user_id, null::text as origin, null::timestamptz as created_at from s
union all
select 1, u.seq, u.update, null, u.user_id, u.origin, u.created_at from document_updates u
  where u.document_id = $1 and u.seq > coalesce((select seq from s), 0)
order by part, seq`,
    values: [documentId],
  };
}

/** The updates of a document after `afterSeq`, by seq: all of them, or at most `limit` (a catch-up page). */
export function updatesAfterStatement(documentId: string, afterSeq: number, limit?: number): Statement {
  return {
    name: 'concord_updates_after',
    // LIMIT NULL is no limit, so one prepared statement serves both.
    text: 'select seq, update as bytes, user_id, origin, created_at from document_updates where document_id = $1 and seq > $2::bigint order by seq limit $3::int',
    values: [documentId, afterSeq, limit ?? null],
  };
}

/** Who owns each client id written into a document (user, model or source). */
export function clientOwnersStatement(documentId: string): Statement {
  return {
    name: 'concord_client_owners',
    text: 'select client_id, kind, user_id, model_id, prompt_version from document_clients where document_id = $1',
    values: [documentId],
  };
}
