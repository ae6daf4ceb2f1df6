// Seeds a preference project with N accepted, annotated items straight into the database (bulk SQL over
// generate_series), shaped as the server itself stores them: an item row, its `item` document whose log
// holds the import update (source + two model client ids) and an annotator's update (pairwise choice,
// strength, a rubric score and a rationale), the four document_clients bindings, and one accepted work
// assignment. A few distinct document states are pre-encoded once and cycled over the rows.
import { buildItemUpdate, readDoc, setChoice, setJudgementMode, setScore, rationaleText, strengths, type ItemSeed } from '@concord/annotation-doc';
import { projects, users, type Db } from '@concord/db';
import { sql } from 'drizzle-orm';
import * as Y from 'yjs';

/** Client ids every seeded document uses (each document has its own bindings in document_clients). */
const sourceClient = 1_001;
const modelClients = { 'model-a': 1_002, 'model-b': 1_003 } as const;
const annotatorClient = 2_001;
/** Distinct document states cycled over the items. */
export const variantCount = 8;
/** Annotators the items are spread over (one accepted work assignment per item). */
export const annotatorCount = 5;

export interface SeededProject {
  projectId: string;
  /** The manager who starts the export. */
  managerId: string;
}

const topics = ['photosynthesis', 'TCP congestion control', 'the French Revolution', 'sourdough starters', 'binary search', 'tidal locking', 'VAT refunds', 'knee rehabilitation'];

/** A base32 id body of 32 chars that sorts like `n` (digits mapped to letters), so keyset order is n order. */
function idSql(prefix: string, n: string) {
  return sql.raw(`'${prefix}_' || translate(lpad((${n})::text, 32, '0'), '0123456789', 'abcdefghij')`);
}

function variant(k: number): { seed: ItemSeed; importUpdate: Uint8Array; userUpdate: Uint8Array; name: string } {
  const topic = topics[k % topics.length]!;
  const prompt = `Explain ${topic} to a curious sixteen-year-old in a short paragraph, then give one common misconception about it and why it is wrong. (variant ${k})`;
  const answer = (model: string, depth: number) =>
    `${model} on ${topic}: ` + Array.from({ length: 4 + depth }, (_, s) => `Point ${s + 1} about ${topic}, stated plainly with one concrete example and a caveat where one applies.`).join(' ');
  const seed: ItemSeed = {
    taskType: 'preference',
    prompt: { text: prompt, media: [] },
    responses: [
      { modelId: 'model-a', text: answer('Model A', k % 3) },
      { modelId: 'model-b', text: answer('Model B', (k + 1) % 3) },
    ],
  };
  const importUpdate = buildItemUpdate({ taskType: 'preference', itemId: 'itm_benchvariant', configVersion: 1, seed, sourceClientId: sourceClient, modelClientIds: { ...modelClients } });
  const doc = new Y.Doc();
  try {
    doc.clientID = annotatorClient;
    Y.applyUpdate(doc, importUpdate);
    const before = Y.encodeStateVector(doc);
    const view = readDoc(doc);
    if (view.taskType !== 'preference') throw new Error('seed variant is not a preference document');
    const chosen = view.responses[k % 2]!.id;
    setJudgementMode(doc, 'pairwise');
    setChoice(doc, chosen, strengths[k % strengths.length]);
    setScore(doc, chosen, 'accuracy', 4 + (k % 4));
    doc.transact(() => rationaleText(doc).insert(0, `Response ${k % 2 === 0 ? 'A' : 'B'} is clearer about ${topic} and its misconception is the common one.`));
    return { seed, importUpdate, userUpdate: Y.encodeStateAsUpdate(doc, before), name: prompt };
  } finally {
    doc.destroy();
  }
}

/**
 * Inserts the project, its users and `items` accepted preference items (ids sort by their number), in
 * slices of `slice` items so progress can be printed. Everything lives in the throwaway database.
 * @example const { projectId, managerId } = await seedPreferenceProject(db, { items: 1_000_000, onProgress });
 */
export async function seedPreferenceProject(db: Db, options: { items: number; slice?: number; onProgress?: (done: number) => void }): Promise<SeededProject> {
  const projectId = 'prj_' + 'b'.repeat(32);
  const managerId = 'usr_' + 'm'.repeat(32);
  const annotatorIds = Array.from({ length: annotatorCount }, (_, a) => 'usr_' + 'a'.repeat(31) + 'bcdef'[a]);
  await db.insert(users).values([
    { id: managerId, email: 'manager@bench.invalid', name: 'Bench manager', passwordHash: 'x' },
    ...annotatorIds.map((id, a) => ({ id, email: `annotator${a}@bench.invalid`, name: `Annotator ${a}`, passwordHash: 'x' })),
  ]);
  await db.insert(projects).values({ id: projectId, name: 'Export benchmark', taskType: 'preference', createdBy: managerId });
  await db.execute(sql`create table bench_variants (k int primary key, seed jsonb not null, name text not null, import_update bytea not null, user_update bytea not null)`);
  for (let k = 0; k < variantCount; k++) {
    const v = variant(k);
    await db.execute(
      sql`insert into bench_variants values (${k}, ${JSON.stringify(v.seed)}::jsonb, ${v.name}, ${Buffer.from(v.importUpdate)}, ${Buffer.from(v.userUpdate)})`,
    );
  }
  await db.execute(sql`create table bench_annotators (a int primary key, user_id text not null)`);
  for (const [a, id] of annotatorIds.entries()) await db.execute(sql`insert into bench_annotators values (${a}, ${id})`);

  const slice = options.slice ?? 100_000;
  const K = sql.raw(String(variantCount));
  const A = sql.raw(String(annotatorCount));
  const itemId = idSql('itm', 'n');
  const docId = idSql('doc', 'n');
  for (let first = 1; first <= options.items; first += slice) {
    const last = Math.min(options.items, first + slice - 1);
    const series = sql.raw(`generate_series(${first}, ${last}) as g(n)`);
    await db.transaction(async (tx) => {
      await tx.execute(sql`
        insert into items (id, project_id, external_id, tags, seed, state, state_changed_at, final_document_id, created_by)
        select ${itemId}, ${projectId}, 'pref-' || n, '["bench"]'::jsonb, v.seed, 'accepted', now(), ${docId}, ${managerId}
        from ${series} join bench_variants v on v.k = n % ${K}`);
      await tx.execute(sql`
        insert into documents (id, project_id, name, created_by, update_seq, item_id, config_version, kind)
        select ${docId}, ${projectId}, v.name, ${managerId}, 2, ${itemId}, 1, 'item'
        from ${series} join bench_variants v on v.k = n % ${K}`);
      await tx.execute(sql`
        insert into document_updates (document_id, seq, update, user_id, origin)
        select ${docId}, 1, v.import_update, ${managerId}::text, 'import' from ${series} join bench_variants v on v.k = n % ${K}
        union all
        select ${docId}, 2, v.user_update, b.user_id, 'client'
        from ${series} join bench_variants v on v.k = n % ${K} join bench_annotators b on b.a = n % ${A}`);
      await tx.execute(sql`
        insert into document_clients (document_id, client_id, kind, user_id, model_id)
        select ${docId}, ${sourceClient}::bigint, 'source', ${managerId}::text, null::text from ${series}
        union all select ${docId}, ${modelClients['model-a']}::bigint, 'model', null, 'model-a' from ${series}
        union all select ${docId}, ${modelClients['model-b']}::bigint, 'model', null, 'model-b' from ${series}
        union all select ${docId}, ${annotatorClient}::bigint, 'user', b.user_id, null from ${series} join bench_annotators b on b.a = n % ${A}`);
      await tx.execute(sql`
        insert into assignments (id, project_id, item_id, user_id, document_id, state, kind, submitted_at)
        select ${idSql('asg', 'n')}, ${projectId}, ${itemId}, b.user_id, ${docId}, 'accepted', 'work', now()
        from ${series} join bench_annotators b on b.a = n % ${A}`);
    });
    options.onProgress?.(last);
  }
  await db.execute(sql`drop table bench_variants`);
  await db.execute(sql`drop table bench_annotators`);
  await db.execute(sql`analyze`);
  return { projectId, managerId };
}
