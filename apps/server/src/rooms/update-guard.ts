import { CloseCode } from '@concord/protocol';
import * as Y from 'yjs';

type SharedType = ReturnType<Y.Doc['get']>;
import { namedDoc } from './named-doc.ts';
import { ProtocolError } from './protocol-error.ts';

/** Deepest nesting of shared types a document may reach (root type = 1). */
export const maxTypeDepth = 32;

/** How long checking one update on the shadow may take before it is refused, plus `checkMsPerKiB` [R17]. */
export const defaultCheckBudgetMs = 30;
/** Budget per KiB of update: about what integrating ordinary content costs (0.05-0.1 ms/KiB once warm). */
export const checkMsPerKiB = 0.1;

/**
 * A shadow copy of a room's document that every client update is applied to first. Only an update
 * that decodes, integrates and passes the checks reaches the real document, so a rejected update is
 * never stored, broadcast or half-applied. On rejection the shadow is rebuilt from the real document.
 * The shadow is made on the first client update, so a document that is only read (opened, reviewed,
 * exported) costs one copy in memory and one load, not two. An update whose check runs past `budgetMs`
 * plus `checkMsPerKiB` per KiB is refused (1008) before the real document pays for it [R17].
 */
export class UpdateGuard {
  private staging: Y.Doc | null = null;
  private clients: DeadlineClients | null = null;

  constructor(
    private readonly doc: Y.Doc,
    private readonly budgetMs = defaultCheckBudgetMs,
  ) {}

  /** Throws ProtocolError (and leaves the real document untouched) when the update is not acceptable. */
  check(update: Uint8Array): void {
    if (update.length < 2) throw new ProtocolError(CloseCode.invalidPayload, 'empty update');
    let violation: string | null = null;
    let malformed: string | null = null;
    const onAfter = (transaction: Y.Transaction) => {
      malformed = malformedStructs(transaction);
      if (!malformed) violation = transactionViolation(transaction);
    };
    const staging = this.shadow();
    const pendingDsBefore = staging.store.pendingDs;
    staging.on('afterTransaction', onAfter);
    const budgetMs = Math.round(this.budgetMs + (update.length / 1024) * checkMsPerKiB);
    this.clients!.arm(budgetMs);
    try {
      Y.applyUpdate(staging, update);
    } catch (error) {
      this.discard();
      if (error instanceof OverBudget) throw new ProtocolError(CloseCode.policyViolation, `update takes longer than ${budgetMs} ms to integrate`);
      throw new ProtocolError(CloseCode.invalidPayload, 'malformed update');
    } finally {
      this.clients?.disarm();
      staging.off('afterTransaction', onAfter);
    }
    if (!malformed && staging.store.pendingDs !== pendingDsBefore) malformed = malformedPendingDeletes(staging.store.pendingDs);
    if (malformed) {
      this.discard();
      throw new ProtocolError(CloseCode.invalidPayload, malformed);
    }
    if (violation) {
      this.discard();
      throw new ProtocolError(CloseCode.policyViolation, violation);
    }
  }

  /** Mirrors an update that reached the real document by another path (load, another instance). */
  mirror(update: Uint8Array): void {
    // Without a shadow yet there is nothing to mirror: it is copied from the real document when needed.
    if (!this.staging) return;
    try {
      Y.applyUpdate(this.staging, update);
    } catch {
      this.discard();
    }
  }

  destroy(): void {
    this.discard();
  }

  /** The shadow, copied from the real document when there is none, with a client table that can stop an integration. */
  private shadow(): Y.Doc {
    if (this.staging) return this.staging;
    const staging = cloneDoc(this.doc);
    this.clients = new DeadlineClients(staging.store.clients);
    staging.store.clients = this.clients;
    return (this.staging = staging);
  }

  /** Drops the shadow; the next check copies the real document again. */
  private discard(): void {
    this.staging?.destroy();
    this.staging = null;
    this.clients = null;
  }
}

class OverBudget extends Error {}

/** Lookups an update makes before its check is timed (an ordinary edit makes 2-16; the clock is read every 8th). */
const minLookupsToRefuse = 16;

/**
 * The shadow's struct table (Yjs' `StructStore.clients`): every struct Yjs integrates looks up its client
 * here at least once, so a lookup past the deadline can stop an integration that runs too long [R17].
 * Yjs integrates crafted concurrent insertions in time quadratic in their number (each scans the ones
 * before it), so one small update could otherwise block the event loop for seconds. The shadow is
 * discarded after the throw, half-applied as it is.
 * Past the wall-clock deadline the process' CPU time decides: time this process was not running (a busy
 * machine) is not the update's cost, and refusing an ordinary update for it would close a client's socket
 * for nothing. A pause that is not the update's doing (a GC, another thread of the process) counts as CPU
 * time too, so the first check past the budget only starts a confirmation: the update is refused if it
 * is still integrating a quarter budget later and the process ran for at least half of that quarter. An
 * ordinary edit (2-16 lookups) has long finished by then; one that makes fewer than `minLookupsToRefuse`
 * lookups is never even timed.
 */
class DeadlineClients extends Map<number, Array<Y.GC | Y.Item>> {
  private deadline = Infinity;
  private budgetMs = 0;
  private cpuAtStart = 0;
  private lookups = 0;
  /** When the check first ran past the budget (wall clock and process CPU, ms): the confirmation's start. */
  private overdueSince: { wall: number; cpu: number } | null = null;

  arm(budgetMs: number): void {
    this.budgetMs = budgetMs;
    this.lookups = 0;
    this.overdueSince = null;
    this.cpuAtStart = cpuMs();
    this.deadline = performance.now() + budgetMs;
  }

  disarm(): void {
    this.deadline = Infinity;
  }

  override get(client: number): Array<Y.GC | Y.Item> | undefined {
    // Reading the clock costs 40-300 ns: every 8th lookup is often enough (every struct does one or more).
    if ((++this.lookups & 7) === 0 && this.lookups >= minLookupsToRefuse && performance.now() > this.deadline) this.overdue();
    return super.get(client);
  }

  private overdue(): void {
    const now = performance.now();
    const cpu = cpuMs();
    const used = cpu - this.cpuAtStart;
    if (used < this.budgetMs) {
      this.deadline = now + (this.budgetMs - used);
      return;
    }
    const since = this.overdueSince;
    if (since === null || cpu - since.cpu < (now - since.wall) / 2) {
      // First time past the budget, or the process mostly did not run since: (re)start the confirmation.
      this.overdueSince = { wall: now, cpu };
      this.deadline = now + this.budgetMs / 4;
      return;
    }
    this.disarm();
    throw new OverBudget();
  }
}

function cloneDoc(doc: Y.Doc): Y.Doc {
  const copy = namedDoc(doc.guid, { gc: doc.gc });
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

/** CPU time of this process (all its threads), in ms. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * What Yjs integrates but never writes itself, or null:
 * - a client id or clock that is NaN (lib0 decodes a varuint of ~150 continuation bytes as NaN) or past
 *   2^53 - 1: afterwards the document can no longer be encoded or its state vector decoded (every later
 *   sync reply throws), or a NaN client id is encoded as 0 [R14];
 * - a struct of length 0: the update Yjs emits for it (what is stored) carries an empty deletion that Yjs
 *   cannot apply again, so the document would never load again [R15].
 */
function malformedStructs(transaction: Y.Transaction): string | null {
  for (const [client, after] of transaction.afterState) {
    if (!Number.isSafeInteger(client) || !Number.isSafeInteger(after)) return 'clock beyond the safe integer range';
    const structs = transaction.doc.store.clients.get(client);
    const before = transaction.beforeState.get(client) ?? 0;
    // The structs this transaction added are at the end (clocks only grow); an empty one may end at `before`.
    for (let i = (structs?.length ?? 0) - 1; i >= 0 && structs![i]!.id.clock >= before; i--) {
      if (structs![i]!.length < 1) return 'empty struct';
    }
  }
  return null;
}

/**
 * Deletions of clocks nobody has written yet wait in Yjs' pending delete set and go out with every later
 * encoding of the document. A range that is empty or ends past 2^53 - 1 cannot be written again (lib0's
 * `writeDsLen` throws "Unexpected case"), so every client's sync of the document would fail [R16].
 */
function malformedPendingDeletes(pendingDs: Uint8Array | null): string | null {
  if (!pendingDs) return null;
  let ds: ReturnType<typeof Y.decodeUpdateV2>['ds'];
  try {
    ds = Y.decodeUpdateV2(pendingDs).ds;
  } catch {
    return 'malformed deletion';
  }
  for (const [client, ranges] of ds.clients) {
    if (!Number.isSafeInteger(client)) return 'deletion of a client id beyond the safe integer range';
    for (const { clock, len } of ranges) {
      if (!Number.isSafeInteger(clock) || !Number.isSafeInteger(len) || len < 1 || clock + len > Number.MAX_SAFE_INTEGER) {
        return 'deletion beyond the safe integer range';
      }
    }
  }
  return null;
}

function transactionViolation(transaction: Y.Transaction): string | null {
  if (transaction.subdocsAdded.size > 0) return 'sub-documents are not allowed';
  // New types are not in transaction.changed: look at every struct this transaction added.
  for (const [client, after] of transaction.afterState) {
    const before = transaction.beforeState.get(client) ?? 0;
    const structs = transaction.doc.store.clients.get(client);
    if (after <= before || !structs) continue;
    for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
      const struct = structs[i];
      if (struct instanceof Y.Item && struct.content instanceof Y.ContentType && typeDepth(struct.content.type) > maxTypeDepth) {
        return `shared types nested deeper than ${maxTypeDepth}`;
      }
    }
  }
  return null;
}

function typeDepth(type: SharedType): number {
  let depth = 1;
  let item = type._item;
  while (item) {
    depth++;
    if (depth > maxTypeDepth + 1) return depth;
    const parent = item.parent;
    item = parent instanceof Y.AbstractType ? parent._item : null;
  }
  return depth;
}
