import { defaultConfig, displayOrder, initDocument, readDoc, type ProjectConfig } from '@concord/annotation-doc';
import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { DocumentSession } from '$lib/collab';
import type { MediaLoader } from '../shared/types.ts';
import PreferenceEditor from './PreferenceEditor.svelte';
import RankingJudgement from './RankingJudgement.svelte';
import { displayedResponses } from './display-order.ts';
import { rankingGroups } from './ranking.ts';

// Server rendering in node: markup, order, labels and escaping (effects do not run).
const xss = '<img src=x onerror=alert(1)>';
const documentId = 'doc_abcdefghijklmnopqrstuvwxyz234567';

function fakeSession(doc: Y.Doc): DocumentSession {
  return { doc, awareness: new Awareness(doc), peers: [], provider: { roomname: encodeURIComponent(documentId) } } as unknown as DocumentSession;
}

const media: MediaLoader = {
  url: () => Promise.reject(new Error('no media in tests')),
  load: () => Promise.reject(new Error('no media in tests')),
  destroy: () => {},
};

function setup(responses: number, prelabel?: Parameters<typeof initDocument>[1]['prelabel']) {
  const doc = new Y.Doc();
  initDocument(doc, {
    taskType: 'preference',
    itemId: 'itm_1',
    configVersion: 1,
    seed: {
      taskType: 'preference',
      prompt: { text: `Prompt ${xss}`, media: [] },
      responses: Array.from({ length: responses }, (_, i) => ({ modelId: `brand-model-${i}`, text: `Answer ${i} ${xss}` })),
    },
    prelabel,
  });
  const view = readDoc(doc);
  if (view.taskType !== 'preference') throw new Error('not a preference document');
  return { doc, ids: view.responses.map((r) => r.id) };
}

function editor(doc: Y.Doc, userId: string, config: ProjectConfig = defaultConfig('preference'), readOnly = false): string {
  return render(PreferenceEditor, {
    props: { session: fakeSession(doc), config, readOnly, self: { id: userId, name: 'Ann' }, media, provenance: {} },
  }).body;
}

function attributeOrder(html: string, pattern: RegExp): string[] {
  return [...html.matchAll(pattern)].map((m) => m[1] ?? '');
}

describe('PreferenceEditor (server-rendered)', () => {
  it('[A6] shows the responses in the per-annotator display order, labelled A, B… in that order', () => {
    const { doc, ids } = setup(4);
    for (const userId of ['usr_a', 'usr_b', 'usr_c']) {
      const html = editor(doc, userId);
      const expected = displayOrder(ids, userId + documentId);
      expect(attributeOrder(html, /data-testid="response" data-response-id="([^"]+)"/g)).toEqual(expected);
      expect(attributeOrder(html, /data-testid="response" data-response-id="[^"]+" data-label="([^"]+)"/g)).toEqual(['A', 'B', 'C', 'D']);
    }
  });

  it('some annotators see a different order than others', () => {
    const { ids } = setup(2);
    const orders = new Set(['usr_a', 'usr_b', 'usr_c', 'usr_d', 'usr_e', 'usr_f'].map((u) => displayOrder(ids, u + documentId).join()));
    expect(orders.size).toBe(2);
  });

  it('hides model ids by default and renders untrusted text as text', () => {
    const { doc } = setup(2);
    const html = editor(doc, 'usr_a');
    expect(html).not.toContain('brand-model-');
    expect(html).toContain('Model hidden');
    expect(html).not.toContain(xss);
    expect(html).toContain('Prompt &lt;img src=x onerror=alert(1)>');
  });

  it('pairwise: the pre-labelled choice is shown on the right card, whatever its display position', () => {
    const { doc, ids } = setup(2, { modelId: 'judge', mode: 'pairwise', choice: 1, strength: 'better' });
    const html = editor(doc, 'usr_a');
    const shown = displayedResponses(ids, displayOrder(ids, 'usr_a' + documentId));
    const label = shown.find((r) => r.id === ids[1])!.label;
    expect(html).toMatch(new RegExp(`data-testid="choose-${label}"[^>]*aria-pressed="true"|aria-pressed="true"[^>]*data-testid="choose-${label}"`));
    expect(html).toContain(`${label} is better than`);
    expect(html).toMatch(/data-testid="strength-better"/);
    expect(html).toContain('data-mode="pairwise"');
  });

  it('renders one score control per response and criterion, on the criterion scale', () => {
    const { doc } = setup(2);
    const config = defaultConfig('preference');
    const html = editor(doc, 'usr_a', config);
    for (const criterion of config.rubric) {
      for (const label of ['A', 'B']) expect(html).toContain(`data-testid="score-${label}-${criterion.id}"`);
      expect(html).toContain(`data-testid="score-A-${criterion.id}-${criterion.max}"`);
    }
  });

  it('read-only: controls disabled, no quote or undo buttons', () => {
    const { doc } = setup(2);
    const html = editor(doc, 'usr_a', { ...defaultConfig('preference'), preferenceMode: 'pairwise' }, true);
    expect(html).not.toContain('data-testid="quote-button"');
    expect(html).not.toContain('data-testid="undo"');
    expect(html).toMatch(/data-testid="choose-A"[^>]*disabled|disabled[^>]*data-testid="choose-A"/);
  });
});

describe('RankingJudgement (server-rendered)', () => {
  it('shows the groups best first with ties, and the unranked', () => {
    const responses = displayedResponses(['r1', 'r2', 'r3', 'r4'], ['r3', 'r1', 'r4', 'r2']);
    const ranking = rankingGroups({ r1: 1, r2: 2, r3: 2 }, responses.map((r) => r.id));
    const html = render(RankingJudgement, {
      props: { responses, ranking, readOnly: false, peers: [], onrank: () => {}, onranking: () => {} },
    }).body;
    expect(attributeOrder(html, /data-testid="rank-group" data-rank="(\d+)"/g)).toEqual(['1', '2']);
    expect(attributeOrder(html, /data-testid="rank-item" data-response-id="([^"]+)"/g)).toEqual(['r1', 'r3', 'r2', 'r4']);
    expect(html).toContain('(tie)');
    expect(html.match(/data-testid="tie-with-above"/g)?.length).toBe(2);
  });
});
