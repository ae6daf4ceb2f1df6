import type * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { taskTypes, type TaskType } from '../config.ts';
import { seededRandom } from '../random.ts';
import { readDoc } from '../read.ts';
import { runConvergence } from '../testing/convergence.ts';
import { replicaOf, syncDocs } from '../testing/fixtures.ts';
import { alignmentOps } from '../testing/ops-alignment.ts';
import { instructionOps } from '../testing/ops-instruction.ts';
import { preferenceOps } from '../testing/ops-preference.ts';
import { createDice, runWeighted, type Dice, type RandomOp } from '../testing/random-helpers.ts';
import { adoptAll } from './adopt.ts';
import { diffAnnotations } from './diff.ts';
import { isFieldPath } from './paths.ts';

const opsByType: Record<TaskType, [number, RandomOp][]> = { instruction: instructionOps, preference: preferenceOps, alignment: alignmentOps };
const cases = taskTypes.flatMap((taskType) => Array.from({ length: 25 }, (_, i) => [taskType, i + 1] as const));

function edit(doc: Y.Doc, taskType: TaskType, dice: Dice, steps: number): void {
  for (let i = 0; i < steps; i++) runWeighted(opsByType[taskType], doc, dice);
}

/**
 * Two versions of one item: replicas of a randomly edited document (with its pre-label) that are
 * edited apart, on even seeds after sharing a first round of each other's edits.
 */
function versions(taskType: TaskType, seed: number): [Y.Doc, Y.Doc] {
  const { replicas } = runConvergence({ seed, taskType, replicas: 2, steps: 30 });
  const base = replicas[0];
  if (!base) throw new Error('expected a replica');
  const dice = createDice(seededRandom(`adopt:${taskType}:${seed}`));
  const target = replicaOf(base, 301);
  const source = replicaOf(base, 302);
  edit(target, taskType, dice, 30);
  edit(source, taskType, dice, 30);
  if (seed % 2 === 0) syncDocs(target, source);
  edit(target, taskType, dice, 30);
  edit(source, taskType, dice, 30);
  return [target, source];
}

describe('adoptAll over random documents', () => {
  it.each(cases)('[C4] %s seed %i: afterwards the document reads like the version, in one transaction', (taskType, seed) => {
    const [target, source] = versions(taskType, seed);
    const version = readDoc(source);
    // [C1] Every difference is named by a path adoptField accepts.
    for (const { path } of diffAnnotations(readDoc(target), version)) expect(isFieldPath(taskType, path), path).toBe(true);
    let updates = 0;
    target.on('update', () => updates++);
    adoptAll(target, version);
    expect(diffAnnotations(readDoc(target), version)).toEqual([]);
    expect(updates).toBeLessThanOrEqual(1);
    adoptAll(target, version);
    expect(updates).toBeLessThanOrEqual(1);
  });

  it.each(taskTypes)('[C4] %s: adopting back restores the first version', (taskType) => {
    const [target, source] = versions(taskType, 7);
    const original = readDoc(target);
    adoptAll(target, readDoc(source));
    adoptAll(target, original);
    expect(diffAnnotations(readDoc(target), original)).toEqual([]);
  });
});
