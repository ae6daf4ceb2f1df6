import { buildItemUpdate, setInstructionStyle, turnText, type Actor, defaultConfig, readDoc } from '@concord/annotation-doc';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { LiveAnnotation } from './live-annotation.svelte.ts';

const seed = {
  taskType: 'instruction' as const,
  media: [],
  turns: [{ role: 'user' as const, text: 'What is a haiku?' }],
};

/** An instruction document as the server makes it: content by client 1 (source), the pre-label by client 2. */
function itemDoc(): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = 1000;
  const update = buildItemUpdate({
    taskType: 'instruction',
    itemId: 'itm_1',
    configVersion: 1,
    seed,
    prelabel: { modelId: 'poet-1', turns: [{ role: 'assistant', text: 'A short poem.' }], style: 'question' },
    sourceClientId: 1,
    modelClientIds: { 'poet-1': 2 },
  });
  Y.applyUpdate(doc, update);
  return doc;
}

const known: Record<number, Actor> = { 1: { kind: 'source' }, 2: { kind: 'model', modelId: 'poet-1' }, 1000: { kind: 'user', userId: 'usr_me' } };

describe('LiveAnnotation', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows the server\'s view first, then recomputes problems and provenance shortly after each edit', () => {
    const doc = itemDoc();
    const initial = { problems: [{ path: 'x', message: 'from the server' }], provenance: {} };
    const live = new LiveAnnotation({ doc, config: () => defaultConfig('instruction'), actorOf: (id) => known[id], initial });
    expect(live.problems).toBe(initial.problems);

    const assistant = readDoc(doc);
    if (assistant.taskType !== 'instruction') throw new Error('not an instruction document');
    const assistantId = assistant.turns[1]?.id ?? '';
    turnText(doc, assistantId)?.insert(0, 'Well: ');
    expect(live.problems).toBe(initial.problems);
    vi.advanceTimersByTime(149);
    expect(live.problems).toBe(initial.problems);
    vi.advanceTimersByTime(1);
    expect(live.problems).toEqual([]);
    expect(live.provenance[`turns.${assistantId}.text`]).toMatchObject({ kind: 'model_then_human_edited', modelId: 'poet-1', editedBy: ['usr_me'] });
    const userTurnId = assistant.turns[0]?.id ?? '';
    expect(live.provenance[`turns.${userTurnId}.text`]?.kind).toBe('source');

    setInstructionStyle(doc, null);
    vi.advanceTimersByTime(150);
    expect(live.problems.map((p) => p.path)).toEqual(['instruction.style']);
    live.destroy();
  });

  it('recomputes once per delay however many edits arrive', () => {
    const doc = itemDoc();
    const live = new LiveAnnotation({ doc, config: () => defaultConfig('instruction'), actorOf: (id) => known[id] });
    const spy = vi.spyOn(live, 'recompute');
    for (let i = 0; i < 20; i++) doc.getText('summary').insert(0, 'x');
    vi.advanceTimersByTime(150);
    expect(spy).toHaveBeenCalledTimes(1);
    live.destroy();
    doc.getText('summary').insert(0, 'x');
    vi.advanceTimersByTime(1000);
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('asks for actors when edits of an unknown client id arrive, at most once per interval and once per id', () => {
    const doc = itemDoc();
    const onUnknownClient = vi.fn();
    const live = new LiveAnnotation({ doc, config: () => defaultConfig('instruction'), actorOf: (id) => known[id], onUnknownClient, unknownClientEveryMs: 5000 });
    const stranger = (clientId: number) => {
      const other = new Y.Doc();
      other.clientID = clientId;
      Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
      const before = Y.encodeStateVector(doc);
      other.getText('summary').insert(0, 'hi ');
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, before), 'remote');
    };
    stranger(77);
    vi.advanceTimersByTime(150);
    expect(onUnknownClient).toHaveBeenCalledTimes(1);
    // Same stranger again: nothing new to ask.
    stranger(77);
    vi.advanceTimersByTime(150);
    expect(onUnknownClient).toHaveBeenCalledTimes(1);
    // A new one soon after: asked once the interval has passed.
    stranger(78);
    vi.advanceTimersByTime(150);
    expect(onUnknownClient).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(5000);
    expect(onUnknownClient).toHaveBeenCalledTimes(2);
    // Unknown ids count as people meanwhile.
    expect(live.provenance.summary?.kind).toBe('human_written');
    live.destroy();
  });
});
