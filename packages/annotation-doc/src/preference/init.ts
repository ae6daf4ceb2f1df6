import * as Y from 'yjs';
import type { IdSource } from '../ids.ts';
import type { PreferenceSeed, Prelabel } from '../seeds.ts';
import type { WriteStep } from '../write-step.ts';
import { getText, mapsOf } from '../y-values.ts';
import { judgementMap, promptMap, rankKey, rationaleText, responsesArray, scoreKey, scoresMap } from './layout.ts';

function responseIndex(index: number, count: number, what: string): number {
  if (index >= count) throw new RangeError(`the pre-label's ${what} names response ${index}, but the item has ${count} responses`);
  return index;
}

/**
 * The steps that write a preference item: prompt and empty responses (source), each response's text
 * (its own model), then the pre-label (the pre-labelling model).
 */
export function preferenceSteps(seed: PreferenceSeed, prelabel: Prelabel | undefined, ids: IdSource): WriteStep[] {
  const responseIds = seed.responses.map(() => ids());
  const count = seed.responses.length;
  if (prelabel?.choice != null) responseIndex(prelabel.choice, count, 'choice');
  if (prelabel?.ranking && prelabel.ranking.length !== count) {
    throw new RangeError(`the pre-label ranks ${prelabel.ranking.length} responses, but the item has ${count}`);
  }
  for (const [criterionId, values] of Object.entries(prelabel?.scores ?? {})) {
    if (values.length > count) throw new RangeError(`the pre-label scores ${values.length} responses on ${criterionId}, but the item has ${count}`);
  }
  const steps: WriteStep[] = [
    {
      modelId: null,
      write(doc) {
        const prompt = promptMap(doc);
        prompt.set('text', new Y.Text(seed.prompt.text));
        prompt.set('media', Y.Array.from(seed.prompt.media));
        responsesArray(doc).push(
          seed.responses.map(
            (response, i) =>
              new Y.Map<unknown>([
                ['id', responseIds[i]],
                ['modelId', response.modelId],
                ['text', new Y.Text()],
              ]),
          ),
        );
      },
    },
  ];
  for (const modelId of new Set(seed.responses.map((r) => r.modelId))) {
    steps.push({
      modelId,
      write(doc) {
        mapsOf(responsesArray(doc)).forEach((response, i) => {
          const seeded = seed.responses[i];
          if (seeded?.modelId === modelId && seeded.text !== '') getText(response, 'text')?.insert(0, seeded.text);
        });
      },
    });
  }
  if (prelabel) steps.push({ modelId: prelabel.modelId, write: (doc) => writePrelabel(doc, prelabel, responseIds) });
  return steps;
}

function writePrelabel(doc: Y.Doc, prelabel: Prelabel, responseIds: string[]): void {
  const judgement = judgementMap(doc);
  if (prelabel.mode !== undefined) judgement.set('mode', prelabel.mode);
  if (prelabel.choice !== undefined) judgement.set('choice', prelabel.choice === null ? null : (responseIds[prelabel.choice] ?? null));
  if (prelabel.strength !== undefined) judgement.set('strength', prelabel.strength);
  prelabel.ranking?.forEach((rank, i) => {
    const id = responseIds[i];
    if (id !== undefined) judgement.set(rankKey(id), rank);
  });
  for (const [criterionId, values] of Object.entries(prelabel.scores ?? {})) {
    values.forEach((value, i) => {
      const id = responseIds[i];
      if (id !== undefined && value !== null) scoresMap(doc).set(scoreKey(id, criterionId), value);
    });
  }
  if (prelabel.rationale) rationaleText(doc).insert(0, prelabel.rationale);
}
