import { describe, expect, it } from 'vitest';
import { readDoc } from '../read.ts';
import { runConvergence } from './convergence.ts';

// One file per task type so the runs spread over vitest's workers.
const seeds = Array.from({ length: 30 }, (_, i) => i + 1);

describe('convergence of preference documents', () => {
  it.each(seeds)('[A1] [A2] seed %i: every replica reads the same after random concurrent edits', (seed) => {
    const { replicas, log } = runConvergence({ seed, taskType: 'preference', replicas: 3 + (seed % 3), steps: 150 });
    const views = replicas.map((doc) => readDoc(doc));
    for (const view of views.slice(1)) expect(view, log.join('\n')).toEqual(views[0]);
    expect(views[0]?.taskType).toBe('preference');
  });
});
