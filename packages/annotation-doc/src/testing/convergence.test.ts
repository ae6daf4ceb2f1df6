import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config.ts';
import { readDoc } from '../read.ts';
import { validate } from '../validate.ts';
import { runConvergence } from './convergence.ts';

const seeds = Array.from({ length: 30 }, (_, i) => i + 1);

describe('convergence invariants', () => {
  it.each(seeds)('[A4] seed %i: a link to a missing region is always reported by validate', (seed) => {
    const { replicas } = runConvergence({ seed, taskType: 'alignment', replicas: 4, steps: 150 });
    const view = readDoc(replicas[0] ?? fail());
    if (view.taskType !== 'alignment') throw new Error('expected alignment');
    const regions = new Set(view.regions.map((r) => r.id));
    const paths = new Set(validate(view, defaultConfig('alignment')).map((p) => p.path));
    for (const link of view.links) {
      if (!regions.has(link.regionId)) expect(paths).toContain(`links.${link.id}.regionId`);
      if (link.start < 0 || link.start === link.end) expect(paths).toContain(`links.${link.id}`);
      else expect(link.end).toBeLessThanOrEqual(view.caption.length);
    }
  });

  it('replays the same run from the same seed', () => {
    const a = runConvergence({ seed: 'replay', taskType: 'preference', replicas: 3, steps: 120 });
    const b = runConvergence({ seed: 'replay', taskType: 'preference', replicas: 3, steps: 120 });
    expect(b.log).toEqual(a.log);
    expect(readDoc(b.replicas[0] ?? fail())).toEqual(readDoc(a.replicas[0] ?? fail()));
  });

  it('exercises concurrency: runs contain disconnects, reconnects and many kinds of operation', () => {
    const { log } = runConvergence({ seed: 3, taskType: 'alignment', replicas: 4, steps: 400 });
    const kinds = new Set(log.map((entry) => entry.split(':')[1]));
    for (const kind of ['addRegion', 'removeRegion', 'addLink', 'caption', 'setVqaEvidence', 'disconnect', 'reconnect']) expect(kinds).toContain(kind);
  });
});

function fail(): never {
  throw new Error('expected a replica');
}
