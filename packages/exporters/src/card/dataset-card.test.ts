import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { datasetCard } from './dataset-card.ts';
import { cardInput } from './fixture.ts';
import { cell, inlineText, num } from './markdown.ts';

const golden = (name: string) => readFileSync(new URL(`./golden/${name}`, import.meta.url), 'utf8');

describe('dataset card', () => {
  it('[K1][K8] the full card of the fixture is the golden README.md', () => {
    expect(datasetCard(cardInput)).toBe(golden('README.md'));
  });

  it('[K4] numbers are printed exactly as given: no rounding, no rescaling, null as n/a', () => {
    expect([num(0.1 + 0.2), num(1 / 3), num(1e-7), num(-0), num(1234567), num(null), num(Number.NaN), num(Infinity)]).toEqual([
      '0.30000000000000004',
      '0.3333333333333333',
      '1e-7',
      '0',
      '1234567',
      'n/a',
      'n/a',
      'n/a',
    ]);
    const card = datasetCard({
      ...cardInput,
      quality: [{ slice: 's', metric: 'm', value: 1 / 3, ci: [0.1 + 0.2, 0.5], units: 'u' }],
      provenanceMix: { human: 0.07, model: 0, modelThenEdited: 0.93 },
    });
    expect(card).toContain('| s | m | 0.3333333333333333 | [0.30000000000000004, 0.5] | u |');
    expect(card).toContain('| Human-written | 0.07 |');
  });

  it('[K3] table cells escape pipes, line breaks and HTML from user strings', () => {
    expect(cell('a|b\nc\r\nd<script>&')).toBe('a\\|b<br>c<br>d&lt;script>&amp;');
    const card = datasetCard({ ...cardInput, slices: [{ name: 'x|y\nz', count: 1 }] });
    expect(card).toContain('| x\\|y<br>z | 1 |');
    for (const line of card.split('\n').filter((l) => l.startsWith('| x'))) expect(line.split(/(?<!\\)\|/)).toHaveLength(4);
  });

  it('[K3] running text cannot start a heading, quote or list, nor break its line', () => {
    expect(inlineText('# not a heading')).toBe('\\# not a heading');
    expect(inlineText('  - nor a list')).toBe('\\- nor a list');
    expect(inlineText('a\n# b')).toBe('a<br># b');
    const card = datasetCard({ ...cardInput, knownGaps: ['> quoted', 'two\nlines'] });
    expect(card).toContain('## Known gaps\n\n- \\> quoted\n- two<br>lines\n');
  });

  it('[K8] empty inputs give explicit sentences, not empty sections', () => {
    const card = datasetCard({
      ...cardInput,
      description: ' ',
      slices: [],
      types: [],
      quality: [],
      goldAccuracy: null,
      reviewOverrideRate: null,
      calibration: null,
      knownGaps: [],
      personalData: '',
      files: [],
      workflow: { ...cardInput.workflow, stages: [], guidelineVersions: [], configVersions: [] },
    });
    for (const text of [
      'No description given.',
      'No agreement was measured.',
      '- Gold accuracy: not measured',
      '- Qualification / calibration: none',
      '- Workflow stages: none recorded',
      '## Known gaps\n\nNone recorded.',
      'No note given.',
      '## Manifest\n\nNo files.',
    ])
      expect(card).toContain(text);
    expect(card).not.toContain('### Slices');
  });
});
