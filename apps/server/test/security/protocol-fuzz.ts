import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { CloseCode } from '@concord/protocol';
import fc from 'fast-check';
import * as decoding from 'lib0/decoding';
import type WebSocket from 'ws';
import * as Y from 'yjs';
import { docToJson } from '../../src/rooms/doc-json.ts';
import { defaultCheckBudgetMs } from '../../src/rooms/update-guard.ts';
import type { RoomRegistry } from '../../src/rooms/registry.ts';
import type { Room } from '../../src/rooms/room.ts';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { connectYjs, eventually, opened, rawSocket, synced, type YjsClient } from '../helpers/yjs-client.ts';
import { fuzzCase, fuzzMaxFrameBytes, syncFrame, type FuzzCase } from './protocol-fuzz-frames.ts';

/**
 * A seeded protocol fuzzer against a live in-process server. Each case's frames go over a raw socket
 * with an editor's token, one at a time, each followed by a probe (sync step 1) whose reply proves the
 * frame was handled (and, for an update, stored). After every frame: the server answered within 10 s,
 * the event loop was not blocked longer than `maxStallMs`, and a closed socket means a known close code
 * and no change at all (document, store, awareness). After every case: a fresh control client syncs,
 * matches the server's document and edits, and a standing control client receives that edit.
 */

/** Close codes a bad frame may get (SPEC B1-B16); anything else (1011 internal error) is a finding. */
export const expectedCloseCodes: ReadonlySet<number> = new Set([CloseCode.invalidPayload, CloseCode.policyViolation, CloseCode.messageTooBig, CloseCode.rateLimited]);

export interface FuzzReport {
  seed: number;
  cases: number;
  frames: number;
  accepted: number;
  /** Rejected frames by close code. */
  rejected: Record<string, number>;
  /** Longest event-loop block seen while the server handled one frame. */
  maxDelayMs: number;
  /** Frames that blocked the loop longer than `maxStallMs` once but not when sent again. */
  unconfirmedStalls: Array<{ label: string; ms: number }>;
  documents: number;
  crashes: number;
  durationMs: number;
}

export interface FrameOutcome {
  /** Close code, or null when the server handled the frame and kept the socket. */
  closedWith: number | null;
  changed: boolean;
}

export interface FuzzTarget {
  server: TestServer;
  readonly report: FuzzReport;
  /** Runs one case and its checks; throws (with the case label) on any violation. */
  runCase(c: FuzzCase): Promise<FrameOutcome[]>;
  dispose(): Promise<void>;
}

const probe = syncFrame(0, new Uint8Array([0]));

/** Starts a server and the control clients; `casesPerDocument` bounds how much fuzz content one document collects. */
export async function startFuzzTarget(options: { seed?: number; maxStallMs?: number; casesPerDocument?: number } = {}): Promise<FuzzTarget> {
  const maxStallMs = options.maxStallMs ?? 100;
  const casesPerDocument = options.casesPerDocument ?? 200;
  const server = await startTestServer({ overrides: { ws: { ...wsDefaults(), maxFrameBytes: fuzzMaxFrameBytes }, rooms: { unloadAfterMs: 2_000, snapshotEveryUpdates: 25, updateCheckBudgetMs: defaultCheckBudgetMs } } });
  const project = await server.api.createProject('Fuzz');
  const fuzzer = await server.api.createUser('Fuzzer');
  const control = await server.api.createUser('Control');
  await server.api.addMember(project.id, fuzzer.userId, 'annotator');
  await server.api.addMember(project.id, control.userId, 'annotator');
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const crashes: unknown[] = [];
  const onCrash = (error: unknown) => crashes.push(error);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);

  const report: FuzzReport = { seed: options.seed ?? 0, cases: 0, frames: 0, accepted: 0, rejected: {}, maxDelayMs: 0, unconfirmedStalls: [], documents: 0, crashes: 0, durationMs: 0 };
  let documentId = '';
  let standing: YjsClient | null = null;
  let casesOnDocument = 0;
  let markers = 0;
  const controlIds = new Set<number>();

  async function nextDocument(): Promise<void> {
    standing?.destroy();
    documentId = (await server.api.createDocument(project.id)).id;
    standing = connectYjs(server.wsUrl, documentId, control.token);
    controlIds.add(standing.doc.clientID);
    await synced(standing);
    casesOnDocument = 0;
    report.documents += 1;
  }

  async function room(): Promise<Room> {
    // The in-process server's registry (services.documents is typed as the narrower DocumentReader).
    const registry = server.server.services.documents as RoomRegistry;
    const found = (await registry.rooms()).find((r) => r.documentId === documentId);
    if (!found) throw new Error(`document ${documentId} is not loaded`);
    return found;
  }

  async function snapshot(): Promise<Snapshot> {
    const r = await room();
    // A control client that has not caught up yet would look like a change: wait for it first.
    await eventually(() => sameBytes(Y.encodeStateVector(standing!.doc), Y.encodeStateVector(r.doc)), 5_000, 'the standing control client to match the server');
    const seq = (await server.server.services.store.lastSeqs([documentId])).get(documentId) ?? 0;
    let state: Uint8Array;
    try {
      state = Y.encodeStateAsUpdate(r.doc);
    } catch (error) {
      throw new Error(`the server's document can no longer be encoded (${String(error)})`, { cause: error });
    }
    return { state, seq, awareness: awarenessOf(r, controlIds), control: Y.encodeStateVector(standing!.doc) };
  }

  /**
   * Sends one frame (or a flood at once) plus the probe; resolves once handled with the close code (or null)
   * and the longest event-loop block meanwhile. The standing control client, which lives in this process
   * too, reads nothing meanwhile: its integrating a broadcast is not the server's work.
   */
  async function exchange(ws: WebSocket, inbox: Inbox, frames: Array<Uint8Array | string>): Promise<{ code: number | null; blockedMs: number }> {
    const expected = inbox.replies + 1 + frames.filter(isSyncStep1).length;
    const control = standing!.provider.ws as WebSocket | null;
    control?.pause();
    try {
      delay.reset();
      for (const frame of frames) ws.send(frame);
      ws.send(probe);
      await eventually(() => inbox.replies >= expected || inbox.code !== null, 10_000, 'the server to answer (hang?)');
      return { code: inbox.code, blockedMs: delay.max / 1e6 };
    } finally {
      control?.resume();
    }
  }

  async function runFrames(c: FuzzCase, ws: WebSocket, inbox: Inbox): Promise<FrameOutcome[]> {
    const outcomes: FrameOutcome[] = [];
    // A flood is sent at once, so the rate limit sees it as one.
    const batches = c.frames.length > 20 ? [c.frames] : c.frames.map((f) => [f]);
    for (const batch of batches) {
      if (inbox.code !== null) break;
      const before = await snapshot();
      const { code, blockedMs: ms } = await exchange(ws, inbox, batch);
      report.frames += batch.length;
      if (code === null) {
        report.accepted += batch.length;
        outcomes.push({ closedWith: null, changed: !sameBytes(before.state, Y.encodeStateAsUpdate((await room()).doc)) });
      } else {
        if (!expectedCloseCodes.has(code)) throw new Error(`closed with unexpected code ${code}`);
        report.rejected[code] = (report.rejected[code] ?? 0) + 1;
        const after = await snapshot();
        const change = difference(before, after);
        if (change) throw new Error(`a frame rejected with ${code} changed ${change}`);
        outcomes.push({ closedWith: code, changed: false });
      }
      if (ms > maxStallMs) await confirmStall(c.label, batch, ms);
      report.maxDelayMs = Math.max(report.maxDelayMs, ms);
    }
    return outcomes;
  }

  /** A block seen once may be this machine (2 shared cores, GC): the frame is sent again on a new socket. */
  async function confirmStall(label: string, batch: Array<Uint8Array | string>, ms: number): Promise<void> {
    const { ws, inbox } = await openFuzzSocket();
    const again = (await exchange(ws, inbox, batch)).blockedMs;
    await closeSocket(ws, inbox);
    if (again > maxStallMs) throw new Error(`the event loop was blocked ${Math.round(ms)} ms, then ${Math.round(again)} ms when sent again`);
    report.unconfirmedStalls.push({ label, ms: Math.round(ms) });
  }

  async function openFuzzSocket(): Promise<{ ws: WebSocket; inbox: Inbox }> {
    const ws = rawSocket(server.wsUrl, documentId, fuzzer.token);
    const inbox = watch(ws);
    await opened(ws);
    return { ws, inbox };
  }

  /** The server is up: a fresh client syncs to the server's document, edits, and the standing client gets it. */
  async function controlCheck(): Promise<void> {
    const r = await room();
    const fresh = connectYjs(server.wsUrl, documentId, control.token);
    controlIds.add(fresh.doc.clientID);
    try {
      await synced(fresh);
      await eventually(() => sameBytes(Y.encodeStateVector(fresh.doc), Y.encodeStateVector(r.doc)), 5_000, 'a fresh client to get the whole document');
      expectSameContent(fresh.doc, r.doc, 'a fresh client');
      // Unique for the target's life (the report's counters restart with each run).
      const marker = `<${(markers += 1)}>`;
      fresh.text.insert(fresh.text.length, marker);
      await eventually(() => standing!.text.toString().includes(marker), 5_000, 'the standing control client to get a fresh client\'s edit');
      expectSameContent(standing!.doc, r.doc, 'the standing control client');
    } finally {
      fresh.destroy();
    }
    if (markers % 10 === 0) await storeCheck(r);
    if (crashes.length > 0) throw new Error(`uncaught error in the server process: ${String(crashes[0])}`);
  }

  /** What the store holds (snapshot + tail) is what the room has. */
  async function storeCheck(r: Room): Promise<void> {
    await r.settled();
    const loaded = await server.server.services.store.load(documentId);
    const replay = new Y.Doc();
    if (loaded.snapshot) Y.applyUpdate(replay, loaded.snapshot);
    for (const u of loaded.tail) {
      try {
        Y.applyUpdate(replay, u.update);
      } catch (error) {
        if (process.env.FUZZ_DUMP) writeFileSync(process.env.FUZZ_DUMP, JSON.stringify({ snapshot: loaded.snapshot && Buffer.from(loaded.snapshot).toString('base64'), snapshotSeq: loaded.snapshotSeq, tail: loaded.tail.map((t) => ({ seq: t.seq, update: Buffer.from(t.update).toString('base64') })) }));
        throw new Error(`stored update ${u.seq} cannot be applied after the ones before it: the document would not load (${String(error)})`, { cause: error });
      }
    }
    if (!sameBytes(Y.encodeStateVector(replay), Y.encodeStateVector(r.doc))) {
      const stored = Y.decodeStateVector(Y.encodeStateVector(replay));
      const live = Y.decodeStateVector(Y.encodeStateVector(r.doc));
      const differ = [...new Set([...stored.keys(), ...live.keys()])].filter((id) => stored.get(id) !== live.get(id)).map((id) => `${id}: ${stored.get(id)} stored, ${live.get(id)} live`);
      throw new Error(`the stored updates (snapshot seq ${loaded.snapshotSeq}, tail ${loaded.tail[0]?.seq}..${loaded.tail.at(-1)?.seq}) differ from the room: ${differ.join('; ')}`);
    }
    expectSameContent(replay, r.doc, 'the stored updates');
    replay.destroy();
  }

  return {
    server,
    report,
    async runCase(c) {
      if (!standing || casesOnDocument >= casesPerDocument) await nextDocument();
      casesOnDocument += 1;
      report.cases += 1;
      try {
        const { ws, inbox } = await openFuzzSocket();
        const outcomes = await runFrames(c, ws, inbox);
        await closeSocket(ws, inbox);
        await controlCheck();
        return outcomes;
      } catch (error) {
        throw new Error(`case ${report.cases} "${c.label}": ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      } finally {
        report.crashes = crashes.length;
      }
    },
    async dispose() {
      delay.disable();
      process.off('uncaughtException', onCrash);
      process.off('unhandledRejection', onCrash);
      standing?.destroy();
      await server.dispose();
    },
  };
}

/**
 * Runs `runs` cases (or until `seconds` pass) from `seed`. Cases are not shrunk: the server keeps state
 * between cases, so a failure is replayed by running the same seed again (FUZZ_SEED, FUZZ_RUNS).
 */
export async function runFuzz(target: FuzzTarget, options: { seed: number; runs: number; seconds?: number }): Promise<FuzzReport> {
  // The report counts this run only (cases run before it, like the known payloads, are part of its setup).
  Object.assign(target.report, { seed: options.seed, cases: 0, frames: 0, accepted: 0, rejected: {}, maxDelayMs: 0, unconfirmedStalls: [] });
  const plugins = options.seconds ? [fc.interruptAfterTimeLimit(options.seconds * 1000)] : [];
  const started = performance.now();
  try {
    await fc.assert(
      fc.asyncProperty(fuzzCase, async (c) => {
        await target.runCase(c);
      }),
      { seed: options.seed, numRuns: options.runs, endOnFailure: true, plugins },
    );
  } finally {
    target.report.durationMs = Math.round(performance.now() - started);
  }
  return target.report;
}

/** One line per figure, for the test output and `npm run drill -- fuzz`. */
export function formatReport(r: FuzzReport): string {
  const rejected = Object.entries(r.rejected).map(([code, n]) => `${code}: ${n}`).join(', ') || 'none';
  return [
    `seed ${r.seed}: ${r.cases} cases, ${r.frames} frames in ${(r.durationMs / 1000).toFixed(1)} s on ${r.documents} documents`,
    `accepted ${r.accepted}; rejected by close code ${rejected}`,
    `max event-loop delay while handling a frame ${r.maxDelayMs.toFixed(1)} ms; unconfirmed stalls ${r.unconfirmedStalls.length}${r.unconfirmedStalls.length ? ` (${r.unconfirmedStalls.map((s) => `${s.label} ${s.ms} ms`).join('; ')})` : ''}`,
    `crashes ${r.crashes}`,
  ].join('\n');
}

/** The defaults, except the per-user work budget [R18]: it would close the fuzzer's later sockets with 4429 before their frames are looked at. */
function wsDefaults() {
  return { maxFrameBytes: 1024 * 1024, maxMessagesPerSecond: 300, maxBytesPerSecond: 4 * 1024 * 1024, maxBufferedBytes: 8 * 1024 * 1024, maxWorkMsPerSecond: 1_000_000, awarenessMaxBytes: 8 * 1024 };
}

interface Snapshot {
  state: Uint8Array;
  seq: number;
  awareness: Map<number, string>;
  control: Uint8Array;
}

/** What changed between two snapshots, or null. Awareness may lose states (a closed socket's go) but not gain or change any. */
function difference(before: Snapshot, after: Snapshot): string | null {
  if (!sameBytes(before.state, after.state)) return 'the document';
  if (before.seq !== after.seq) return `the store (seq ${before.seq} → ${after.seq})`;
  if (!sameBytes(before.control, after.control)) return 'a control client\'s document';
  for (const [id, state] of after.awareness) {
    if (before.awareness.get(id) !== state) return `the awareness of client ${id}`;
  }
  return null;
}

function awarenessOf(room: Room, exclude: ReadonlySet<number>): Map<number, string> {
  const out = new Map<number, string>();
  for (const [id, state] of room.awareness.getStates()) {
    if (!exclude.has(id)) out.set(id, `${room.awareness.meta.get(id)?.clock ?? -1} ${JSON.stringify(state)}`);
  }
  return out;
}

interface Inbox {
  /** Sync step 2 messages received (replies to sync step 1). */
  replies: number;
  code: number | null;
  closed: Promise<void>;
}

function watch(ws: WebSocket): Inbox {
  const inbox: Inbox = { replies: 0, code: null, closed: Promise.resolve() };
  inbox.closed = new Promise((resolve) => {
    ws.on('close', (code) => {
      inbox.code = code;
      resolve();
    });
  });
  ws.on('error', () => {});
  ws.on('message', (data: Buffer) => {
    if (data[0] === 0 && data[1] === 1) inbox.replies += 1;
  });
  return inbox;
}

async function closeSocket(ws: WebSocket, inbox: Inbox): Promise<void> {
  if (inbox.code === null) ws.close();
  await Promise.race([inbox.closed, new Promise((resolve) => setTimeout(resolve, 3_000))]);
  if (inbox.code === null) ws.terminate();
}

/** Whether the server will read this frame as a sync step 1 (it answers each with a step 2). Same strict decode as the server. */
function isSyncStep1(frame: Uint8Array | string): boolean {
  if (typeof frame === 'string') return false;
  try {
    const decoder = decoding.createDecoder(frame);
    if (decoding.readVarUint(decoder) !== 0 || decoding.readVarUint(decoder) !== 0) return false;
    Y.decodeStateVector(decoding.readVarUint8Array(decoder));
    return !decoding.hasContent(decoder);
  } catch {
    return false;
  }
}

function expectSameContent(doc: Y.Doc, reference: Y.Doc, who: string): void {
  const a = JSON.stringify(contentOf(doc));
  const b = JSON.stringify(contentOf(reference));
  if (a !== b) throw new Error(`${who} does not match the server's document: ${a.slice(0, 200)} vs ${b.slice(0, 200)}`);
}

/** The document as JSON without empty root types: decoding a struct that stays pending declares its root already. */
function contentOf(doc: Y.Doc): Record<string, unknown> {
  return Object.fromEntries(Object.entries(docToJson(doc)).filter(([, value]) => value !== null));
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
