import type * as Y from 'yjs';
import { readMeta, type DocMeta } from '../layout.ts';
import { mediaRefSchema, turnRoles, type MediaRef, type TurnRole } from '../seeds.ts';
import { getArray, getNumber, getString, getText, mapsOf, stringsOf } from '../y-values.ts';
import { instructionMap, mediaArray, orderedTurns, summaryText, transcriptArray } from './layout.ts';

/** One turn of a conversation. */
export interface TurnView {
  id: string;
  /** null when a peer stored something that is not a role (validate reports it). */
  role: TurnRole | null;
  text: string;
  /** Media ids shown with the turn. */
  media: string[];
}

/** One segment of an audio transcript (times in seconds). */
export interface SegmentView {
  id: string;
  start: number;
  end: number;
  speaker: string;
  text: string;
}

/** Plain view of an instruction-tuning document. */
export interface InstructionDoc {
  taskType: 'instruction';
  meta: DocMeta;
  /** The item's media (images, audio) as imported. */
  media: MediaRef[];
  /** The conversation in order. */
  turns: TurnView[];
  instruction: { style: string | null };
  /** Transcript segments sorted by start, then end, then id. */
  transcript: SegmentView[];
  summary: string;
}

/** Reads an instruction document (never throws on a document made by this package). */
export function readInstruction(doc: Y.Doc): InstructionDoc {
  const media = mediaArray(doc)
    .toArray()
    .flatMap((value) => {
      const parsed = mediaRefSchema.safeParse(value);
      return parsed.success ? [parsed.data] : [];
    });
  const turns = orderedTurns(doc).map((turn): TurnView => {
    const role = getString(turn, 'role');
    return {
      id: getString(turn, 'id') ?? '',
      role: turnRoles.find((r) => r === role) ?? null,
      text: getText(turn, 'text')?.toString() ?? '',
      media: stringsOf(getArray(turn, 'media')),
    };
  });
  const transcript = mapsOf(transcriptArray(doc))
    .map(
      (segment): SegmentView => ({
        id: getString(segment, 'id') ?? '',
        start: getNumber(segment, 'start') ?? 0,
        end: getNumber(segment, 'end') ?? 0,
        speaker: getString(segment, 'speaker') ?? '',
        text: getText(segment, 'text')?.toString() ?? '',
      }),
    )
    .sort((a, b) => a.start - b.start || a.end - b.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    taskType: 'instruction',
    meta: readMeta(doc),
    media,
    turns,
    instruction: { style: getString(instructionMap(doc), 'style') },
    transcript,
    summary: summaryText(doc).toString(),
  };
}
