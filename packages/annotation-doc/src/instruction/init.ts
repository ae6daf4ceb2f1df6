import * as Y from 'yjs';
import type { IdSource } from '../ids.ts';
import type { InstructionSeed, Prelabel } from '../seeds.ts';
import type { WriteStep } from '../write-step.ts';
import { instructionMap, mediaArray, summaryText, transcriptArray, turnsArray } from './layout.ts';

function turnMap(id: string, role: string, text: string, media: string[], pos: number): Y.Map<unknown> {
  return new Y.Map<unknown>([
    ['id', id],
    ['role', role],
    ['text', new Y.Text(text)],
    ['media', Y.Array.from(media)],
    ['pos', pos],
  ]);
}

/** The steps that write an instruction item: its media and turns (source), then the pre-label (model). */
export function instructionSteps(seed: InstructionSeed, prelabel: Prelabel | undefined, ids: IdSource): WriteStep[] {
  const steps: WriteStep[] = [
    {
      modelId: null,
      write(doc) {
        mediaArray(doc).push(seed.media.map((m) => ({ ...m })));
        turnsArray(doc).push(seed.turns.map((turn, i) => turnMap(ids(), turn.role, turn.text, turn.media ?? [], i + 1)));
      },
    },
  ];
  if (!prelabel) return steps;
  const turnIds = (prelabel.turns ?? []).map(() => ids());
  const segmentIds = (prelabel.transcript ?? []).map(() => ids());
  steps.push({
    modelId: prelabel.modelId,
    write(doc) {
      const turns = prelabel.turns ?? [];
      turnsArray(doc).push(turns.map((turn, i) => turnMap(turnIds[i] ?? ids(), turn.role, turn.text, [], seed.turns.length + i + 1)));
      if (prelabel.style !== undefined) instructionMap(doc).set('style', prelabel.style);
      const segments = prelabel.transcript ?? [];
      transcriptArray(doc).push(
        segments.map(
          (segment, i) =>
            new Y.Map<unknown>([
              ['id', segmentIds[i] ?? ids()],
              ['start', segment.start],
              ['end', segment.end],
              ['speaker', segment.speaker ?? ''],
              ['text', new Y.Text(segment.text)],
            ]),
        ),
      );
      if (prelabel.summary) summaryText(doc).insert(0, prelabel.summary);
    },
  });
  return steps;
}
