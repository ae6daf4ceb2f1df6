import * as Y from 'yjs';
import type { TaskType } from '../config.ts';
import { buildItemUpdate } from '../init.ts';
import { seededRandom } from '../random.ts';
import { readDoc } from '../read.ts';
import type { Prelabel } from '../seeds.ts';
import { sampleSeed } from './fixtures.ts';
import { Network } from './network.ts';
import { alignmentOps } from './ops-alignment.ts';
import { instructionOps } from './ops-instruction.ts';
import { preferenceOps } from './ops-preference.ts';
import { createDice, runWeighted, type RandomOp } from './random-helpers.ts';

/** Options of {@link runConvergence}. */
export interface ConvergenceOptions {
  /** Seeds every random choice: the same options replay the same run. */
  seed: number | string;
  taskType: TaskType;
  /** How many replicas edit the document (at least 2). */
  replicas: number;
  /** How many random steps (a mutation, a delivery, a disconnect or a reconnect) to run. */
  steps: number;
}

/** What a run leaves behind. */
export interface ConvergenceResult {
  /** The replicas after every update reached every one of them: they should read the same. */
  replicas: Y.Doc[];
  /** The operations performed, in order (`<replica>:<operation>`), for reading a failing run. */
  log: string[];
}

const opsByType: Record<TaskType, [number, RandomOp][]> = {
  instruction: instructionOps,
  preference: preferenceOps,
  alignment: alignmentOps,
};

const prelabels: Record<TaskType, Prelabel> = {
  instruction: {
    modelId: 'model-x',
    turns: [{ role: 'assistant', text: 'A cat on a mat.' }],
    style: 'question',
    transcript: [
      { start: 0, end: 2, speaker: 'A', text: 'hello' },
      { start: 2, end: 4, speaker: 'B', text: 'hi' },
    ],
    summary: 'Two people greet.',
  },
  preference: { modelId: 'model-x', mode: 'ranking', ranking: [1, 2, 2], scores: { accuracy: [7, 3, 5] }, rationale: 'The first is precise.' },
  alignment: {
    modelId: 'model-x',
    regions: [
      { ref: 'bus', label: 'vehicle', shape: { kind: 'box', x: 10, y: 10, w: 200, h: 120 } },
      { ref: 'cyclist', label: 'person', shape: { kind: 'box', x: 300, y: 50, w: 60, h: 140 } },
    ],
    links: [
      { start: 2, end: 9, region: 'bus' },
      { start: 18, end: 25, region: 'cyclist' },
    ],
    vqa: [{ question: 'What colour is the bus?', answer: 'Red', evidence: ['bus'] }],
    descriptions: [{ region: 'cyclist', text: 'A cyclist in a yellow jacket.' }],
  },
};

/**
 * Random concurrent editing through the public mutations, with updates delivered in random order,
 * duplicated, lost on disconnect and recovered by state-vector sync on reconnect; then everything is
 * delivered. Throws if `readDoc` throws on any replica at any point [A2]. Seeded: no `Math.random`.
 *
 * @example
 * const { replicas } = runConvergence({ seed: 7, taskType: 'alignment', replicas: 3, steps: 200 });
 * for (const doc of replicas) expect(readDoc(doc)).toEqual(readDoc(replicas[0]));
 */
export function runConvergence(options: ConvergenceOptions): ConvergenceResult {
  if (options.replicas < 2) throw new RangeError('a convergence run needs at least 2 replicas');
  const dice = createDice(seededRandom(`${options.taskType}:${options.seed}`));
  const initial = buildItemUpdate(
    {
      taskType: options.taskType,
      itemId: `item-${options.seed}`,
      configVersion: 1,
      seed: sampleSeed(options.taskType),
      prelabel: prelabels[options.taskType],
      sourceClientId: 1,
      modelClientIds: { 'model-a': 2, 'model-b': 3, 'model-c': 4, 'model-x': 5 },
    },
    () => dice.id(),
  );
  const docs = Array.from({ length: options.replicas }, (_, i) => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, initial);
    doc.clientID = 100 + i;
    return doc;
  });
  const network = new Network(docs, dice);
  const ops = opsByType[options.taskType];
  const log: string[] = [];
  for (let step = 0; step < options.steps; step++) {
    const roll = dice.random();
    if (roll < 0.55) {
      const index = dice.int(docs.length);
      const doc = docs[index];
      if (!doc) continue;
      log.push(`${index}:${runWeighted(ops, doc, dice)}`);
      readDoc(doc);
    } else if (roll < 0.93) {
      const peer = network.deliverOne();
      if (peer) readDoc(peer.doc);
    } else if (roll < 0.96) {
      const peer = network.disconnectOne();
      if (peer) log.push(`${docs.indexOf(peer.doc)}:disconnect`);
    } else {
      const peer = network.reconnectOne();
      if (peer) {
        log.push(`${docs.indexOf(peer.doc)}:reconnect`);
        readDoc(peer.doc);
      }
    }
  }
  network.flush();
  return { replicas: docs, log };
}
