import type { Db } from '@concord/db';
import type { UpdateToStore } from './types.ts';

/** A (document, client id) → user binding an append makes for its client updates. */
export interface UserBinding {
  clientId: number;
  userId: string;
}

/** A parameterised statement; `name` makes node-postgres prepare it once per connection. */
export interface Statement {
  name: string;
  text: string;
  values: unknown[];
}

/** Runs raw SQL on either driver behind a Drizzle `Db`: node-postgres' Pool or PGlite. */
export type RawQuery = (statement: Statement) => Promise<{ rows: Record<string, unknown>[] }>;

/** Statements of up to this many updates and bindings are prepared; the text depends only on the counts. */
const preparedUpTo = 8;

/**
 * The append of `updates` to one document as a single statement, so one round trip instead of five
 * (begin, seq, updates, bindings, commit). The UPDATE takes the document row's lock, so seq order is
 * still commit order [S3]; when the document does not exist, `d` is empty, nothing is inserted and
 * no row comes back [S4]. The text depends only on the two counts, so the common shapes (one update,
 * one binding) are prepared once per connection instead of parsed and planned per edit.
 */
export function appendStatement(documentId: string, updates: UpdateToStore[], bindings: UserBinding[]): Statement {
  const values: unknown[] = [documentId, updates.length];
  for (const u of updates) values.push(Buffer.from(u.update.buffer, u.update.byteOffset, u.update.byteLength), u.userId, u.origin);
  for (const b of bindings) values.push(b.clientId, b.userId);
  const prepared = updates.length <= preparedUpTo && bindings.length <= preparedUpTo;
  const name = prepared ? `concord_append_${updates.length}_${bindings.length}` : '';
  let text = prepared ? texts.get(name) : undefined;
  if (!text) {
    text = appendText(updates.length, bindings.length);
    if (prepared) texts.set(name, text);
  }
  return { name, text, values };
}

const texts = new Map<string, string>();

/** The statement text for `n` updates and `b` bindings; parameters: $1 document, $2 n, then 3 per update, 2 per binding. */
function appendText(n: number, b: number): string {
  const rows = Array.from({ length: n }, (_, i) => {
    const at = 3 + i * 3;
    return `(${i + 1}::int, $${at}::bytea, $${at + 1}::text, $${at + 2}::text)`;
  });
  const clients = Array.from({ length: b }, (_, i) => {
    const at = 3 + n * 3 + i * 2;
    return `($${at}::bigint, $${at + 1}::text)`;
  });
  const bound =
    clients.length === 0
      ? ''
      : `, bound as (insert into document_clients (document_id, client_id, kind, user_id)
  select d.id, c.client_id, 'user', c.user_id from d, (values ${clients.join(', ')}) as c(client_id, user_id)
  on conflict do nothing)`;
  return `with d as (update documents set update_seq = update_seq + $2::int, updated_at = now() where id = $1 returning id, update_seq),
stored as (insert into document_updates (document_id, seq, update, user_id, origin)
  select d.id, d.update_seq - $2::int + u.k, u.update, u.user_id, u.origin from d, (values ${rows.join(', ')}) as u(k, update, user_id, origin))${bound}
select update_seq from d`;
}

/**
 * The driver under a Drizzle `Db`, for the few hot statements where Drizzle's query building costs as
 * much CPU as the query itself (measured: about 250 µs per append on top of node-postgres' 300).
 */
export function rawQuery(db: Db): RawQuery {
  const client = (db as unknown as { $client: unknown }).$client;
  if (isPool(client)) return (statement) => client.query(statement.name ? statement : { text: statement.text, values: statement.values });
  const pglite = client as { query(text: string, values: unknown[]): Promise<{ rows: Record<string, unknown>[] }> };
  return (statement) => pglite.query(statement.text, statement.values);
}

interface PoolLike {
  query(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: Record<string, unknown>[] }>;
  totalCount: number;
}

function isPool(client: unknown): client is PoolLike {
  return typeof client === 'object' && client !== null && 'totalCount' in client;
}
