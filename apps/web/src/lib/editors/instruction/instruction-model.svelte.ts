import { type MediaRef, readDoc, segmentText, turnText, type TurnRole } from '@concord/annotation-doc';
import type * as Y from 'yjs';

/** A turn as the editor shows it: plain fields plus the live text to bind. */
export interface TurnItem {
  id: string;
  role: TurnRole | null;
  media: string[];
  text: Y.Text;
}

/** A transcript segment as the editor shows it (sorted by start). */
export interface SegmentItem {
  id: string;
  start: number;
  end: number;
  speaker: string;
  text: Y.Text;
}

/**
 * The structure of an instruction document for the editor — turns, segments, style and media — kept
 * up to date from the Yjs document. Only a change of structure (not typing in a text) reassigns the
 * lists, so the text fields stay bound while people type.
 *
 * @example const model = new InstructionModel(session.doc); onDestroy(() => model.destroy());
 */
export class InstructionModel {
  turns = $state.raw<TurnItem[]>([]);
  segments = $state.raw<SegmentItem[]>([]);
  style = $state<string | null>(null);
  media = $state.raw<MediaRef[]>([]);
  /** The summary has text (so it is shown even for items without audio). */
  hasSummary = $state(false);

  readonly #doc: Y.Doc;
  #signature = '';

  constructor(doc: Y.Doc) {
    this.#doc = doc;
    this.#refresh();
    doc.on('update', this.#refresh);
  }

  destroy(): void {
    this.#doc.off('update', this.#refresh);
  }

  #refresh = (): void => {
    const view = readDoc(this.#doc);
    this.hasSummary = view.taskType === 'instruction' && view.summary !== '';
    if (view.taskType !== 'instruction') {
      if (this.#signature !== '') this.#apply([], [], null, [], '');
      return;
    }
    const turns = view.turns.map(({ id, role, media }) => ({ id, role, media }));
    const segments = view.transcript.map(({ id, start, end, speaker }) => ({ id, start, end, speaker }));
    const signature = JSON.stringify([turns, segments, view.instruction.style, view.media]);
    if (signature === this.#signature) return;
    const doc = this.#doc;
    this.#apply(
      turns.flatMap((turn) => {
        const text = turnText(doc, turn.id);
        return text ? [{ ...turn, text }] : [];
      }),
      segments.flatMap((segment) => {
        const text = segmentText(doc, segment.id);
        return text ? [{ ...segment, text }] : [];
      }),
      view.instruction.style,
      view.media,
      signature,
    );
  };

  #apply(turns: TurnItem[], segments: SegmentItem[], style: string | null, media: MediaRef[], signature: string): void {
    this.#signature = signature;
    this.turns = turns;
    this.segments = segments;
    this.style = style;
    this.media = media;
  }
}
