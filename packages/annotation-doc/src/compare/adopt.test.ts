import type * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { captionText } from '../alignment/layout.ts';
import { addDescription, addLink, addRegion, addVqa, removeRegion, setVqaEvidence } from '../alignment/mutations.ts';
import type { AlignmentDoc } from '../alignment/read.ts';
import { turnText } from '../instruction/layout.ts';
import { addSegment, addTurn, moveTurn, setInstructionStyle, updateSegment } from '../instruction/mutations.ts';
import type { InstructionDoc } from '../instruction/read.ts';
import { rationaleText } from '../preference/layout.ts';
import { addQuote, setChoice, setJudgementMode, setRanking, setScore } from '../preference/mutations.ts';
import type { PreferenceDoc } from '../preference/read.ts';
import { readDoc } from '../read.ts';
import { createDoc, replicaOf } from '../testing/fixtures.ts';
import { adoptAll, adoptField } from './adopt.ts';
import { diffAnnotations } from './diff.ts';

const box = (x: number) => ({ kind: 'box', x, y: 10, w: 50, h: 50 }) as const;

/** A document and a version of the same item: the version is a replica changed by `edit`. */
function setup<D>(taskType: 'instruction' | 'preference' | 'alignment', prepare: (doc: Y.Doc) => void, edit: (doc: Y.Doc) => void) {
  const base = createDoc(taskType);
  prepare(base);
  const doc = replicaOf(base);
  const other = replicaOf(base);
  edit(other);
  return { doc, from: readDoc(other), read: () => readDoc(doc) as D };
}

const paths = (doc: Y.Doc, from: ReturnType<typeof readDoc>) => diffAnnotations(readDoc(doc), from).map((d) => d.path);

describe('adoptField', () => {
  it('[C3] [C5] a text field: only that field, and links on unchanged words keep their words', () => {
    const { doc, from, read } = setup<AlignmentDoc>(
      'alignment',
      (d) => addRegion(d, { id: 'bus000000001', label: 'vehicle', shape: box(0) }),
      (d) => {
        captionText(d).insert(captionText(d).length, ' It rains.');
        addRegion(d, { id: 'cyclist00001', label: 'person', shape: box(100) });
      },
    );
    addLink(doc, { id: 'link00000001', regionId: 'bus000000001', start: 2, end: 9 });
    adoptField(doc, from, 'caption');
    expect(read().caption).toBe('A red bus passes a cyclist on a wet street. It rains.');
    expect(read().links[0]).toMatchObject({ start: 2, end: 9, text: 'red bus' });
    expect(paths(doc, from)).toEqual(['regions.cyclist00001', 'links.link00000001']);
  });

  it('[C3] a record: added with its id, label and shape; removed with its links [A4]', () => {
    const { doc, from, read } = setup<AlignmentDoc>(
      'alignment',
      (d) => addRegion(d, { id: 'bus000000001', label: 'vehicle', shape: box(0) }),
      (d) => {
        removeRegion(d, 'bus000000001');
        addRegion(d, { id: 'cyclist00001', label: 'person', shape: box(100) });
      },
    );
    addLink(doc, { id: 'link00000001', regionId: 'bus000000001', start: 2, end: 9 });
    adoptField(doc, from, 'regions.cyclist00001');
    expect(read().regions.map((r) => [r.id, r.label, r.shape])).toEqual([
      ['bus000000001', 'vehicle', box(0)],
      ['cyclist00001', 'person', box(100)],
    ]);
    adoptField(doc, from, 'regions.bus000000001');
    expect(read().regions.map((r) => r.id)).toEqual(['cyclist00001']);
    expect(read().links).toEqual([]);
  });

  it('[C3] a field of a record, and a record written as it is (a link to a missing region)', () => {
    const { doc, from, read } = setup<AlignmentDoc>(
      'alignment',
      (d) => addRegion(d, { id: 'bus000000001', label: 'vehicle', shape: box(0) }),
      (d) => {
        addRegion(d, { id: 'bus000000001', label: 'object', shape: box(5) });
        addLink(d, { id: 'link00000001', regionId: 'bus000000001', start: 2, end: 9 });
      },
    );
    adoptField(doc, from, 'regions.bus000000001.label');
    expect(read().regions[0]).toMatchObject({ label: 'object', shape: box(0) });
    removeRegion(doc, 'bus000000001');
    adoptField(doc, from, 'links.link00000001');
    expect(read().links).toEqual([{ id: 'link00000001', regionId: 'bus000000001', start: 2, end: 9, text: 'red bus', order: 1 }]);
  });

  it('[C3] VQA pairs and their evidence, and descriptions re-pointed with their text kept', () => {
    const { doc, from, read } = setup<AlignmentDoc>(
      'alignment',
      (d) => {
        addRegion(d, { id: 'r00000000001', label: 'vehicle', shape: box(0) });
        addRegion(d, { id: 'r00000000002', label: 'person', shape: box(100) });
        addDescription(d, { id: 'desc00000001', regionId: 'r00000000001', text: 'A bus.' });
      },
      (d) => {
        removeRegion(d, 'r00000000002');
        addVqa(d, { id: 'vqa000000001', question: 'Colour?', answer: 'Red', evidence: ['r00000000001'] });
        addDescription(d, { id: 'desc00000002', regionId: 'r00000000002', text: 'x' });
      },
    );
    adoptField(doc, from, 'vqa.vqa000000001');
    expect(read().vqa).toEqual([{ id: 'vqa000000001', question: 'Colour?', answer: 'Red', evidence: ['r00000000001'] }]);
    setVqaEvidence(doc, 'vqa000000001', ['r00000000002']);
    adoptField(doc, from, 'vqa.vqa000000001.evidence');
    expect(read().vqa[0]?.evidence).toEqual(['r00000000001']);
    expect(read().regions).toHaveLength(2);
    const repointed = { ...from, descriptions: [{ id: 'desc00000001', regionId: 'r00000000002', text: 'ignored' }] } as AlignmentDoc;
    adoptField(doc, repointed, 'descriptions.desc00000001.regionId');
    expect(read().descriptions).toEqual([{ id: 'desc00000001', regionId: 'r00000000002', text: 'A bus.' }]);
  });

  it('[C3] turns: a turn added where it is in the version, its text, and the order of the conversation', () => {
    const { doc, from, read } = setup<InstructionDoc>(
      'instruction',
      (d) => addTurn(d, { id: 'reply0000001', role: 'assistant', text: 'A cat.' }),
      (d) => {
        addTurn(d, { id: 'system000001', role: 'system', text: 'Be brief.' }, 0);
        turnText(d, 'reply0000001')?.insert(6, ' On a mat.');
        moveTurn(d, 'reply0000001', 0);
      },
    );
    const user = read().turns[0]?.id ?? '';
    // The version reads reply, system, user: the system turn goes right after the reply.
    adoptField(doc, from, 'turns.system000001');
    expect(read().turns.map((t) => t.id)).toEqual([user, 'reply0000001', 'system000001']);
    adoptField(doc, from, 'turns.reply0000001.text');
    expect(read().turns[1]?.text).toBe('A cat. On a mat.');
    adoptField(doc, from, 'turns');
    expect(read().turns.map((t) => t.id)).toEqual(['reply0000001', 'system000001', user]);
    expect(paths(doc, from)).toEqual([]);
  });

  it('[C3] values and groups: style cleared, transcript times, a whole judgement, all scores', () => {
    const inst = setup<InstructionDoc>(
      'instruction',
      (d) => {
        setInstructionStyle(d, 'question');
        addSegment(d, { id: 'segment00001', start: 0, end: 2 });
      },
      (d) => {
        setInstructionStyle(d, null);
        updateSegment(d, 'segment00001', { start: 1 });
      },
    );
    adoptField(inst.doc, inst.from, 'instruction.style');
    expect(inst.read().instruction.style).toBeNull();
    adoptField(inst.doc, inst.from, 'transcript.segment00001.start');
    expect(inst.read().transcript[0]?.start).toBe(1);

    const pref = setup<PreferenceDoc>(
      'preference',
      (d) => setScore(d, (readDoc(d) as PreferenceDoc).responses[0]?.id ?? '', 'accuracy', 2),
      (d) => {
        const [r1, r2, r3] = (readDoc(d) as PreferenceDoc).responses.map((r) => r.id) as [string, string, string];
        setJudgementMode(d, 'ranking');
        setRanking(d, [[r2], [r1, r3]]);
        setChoice(d, r1, 'better');
        setScore(d, r1, 'accuracy', null);
        setScore(d, r2, 'helpfulness', 6);
        rationaleText(d).insert(0, 'Because.');
      },
    );
    adoptField(pref.doc, pref.from, 'judgement');
    adoptField(pref.doc, pref.from, 'scores');
    const version = pref.from as PreferenceDoc;
    expect(pref.read().judgement).toEqual(version.judgement);
    expect(pref.read().scores).toEqual(version.scores);
    expect(paths(pref.doc, pref.from)).toEqual(['rationale']);
  });

  it('[C3] a quote is copied without quoting its words into the rationale again', () => {
    const { doc, from, read } = setup<PreferenceDoc>(
      'preference',
      () => undefined,
      (d) => addQuote(d, { id: 'quote0000001', responseId: (readDoc(d) as PreferenceDoc).responses[0]?.id ?? '', start: 0, end: 6 }),
    );
    adoptField(doc, from, 'quotes.quote0000001');
    expect(read().quotes).toEqual((from as PreferenceDoc).quotes);
    expect(read().rationale).toBe('');
  });

  it('[C3] runs in one transaction and writes nothing when the field is already the same', () => {
    const { doc, from } = setup<AlignmentDoc>('alignment', () => undefined, (d) => addRegion(d, { id: 'r00000000001', label: 'person', shape: box(0) }));
    let updates = 0;
    doc.on('update', () => updates++);
    adoptField(doc, from, 'regions');
    adoptField(doc, from, 'regions');
    adoptField(doc, from, 'caption');
    expect(updates).toBe(1);
  });

  it('[C3] refuses paths the task type does not have, other task types and other items', () => {
    const pref = createDoc('preference');
    const view = readDoc(pref);
    for (const path of ['regions.x', 'caption', 'judgement.colour', 'scores.nocolon', 'rationale.text', '', 'turns']) {
      expect(() => adoptField(pref, view, path), path).toThrow(TypeError);
    }
    expect(() => adoptField(pref, readDoc(createDoc('alignment')), 'caption')).toThrow(/cannot adopt from a alignment version/);
    expect(() => adoptAll(pref, { ...view, meta: { ...view.meta, itemId: 'another-item' } })).toThrow(/of item another-item/);
  });

  it('[C3] refuses to change the item’s own content (which responses exist, media)', () => {
    const doc = createDoc('preference');
    const view = readDoc(doc) as PreferenceDoc;
    const extra = { ...view, responses: [...view.responses, { id: 'resp00000009', modelId: 'm', text: 't' }] };
    expect(() => adoptField(doc, extra, 'responses.resp00000009')).toThrow(/item's content/);
    expect(() => adoptAll(doc, { ...view, prompt: { ...view.prompt, media: ['med_x'] } })).toThrow(/item's content/);
    const inst = createDoc('instruction');
    const instView = readDoc(inst) as InstructionDoc;
    expect(() => adoptField(inst, { ...instView, media: [] }, 'media')).toThrow(TypeError);
  });
});
