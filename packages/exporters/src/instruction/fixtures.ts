// Test fixture of the instruction formats (plain views, built directly): not exported by the package.
import { defaultConfig, type TurnView } from '@concord/annotation-doc';
import type { ExportItem, ExportMedium, RowProvenance } from '../types.ts';

/** Text with the awkward characters every format must keep: U+2028, U+2029, an emoji, a lone surrogate. */
export const awkward = 'line\u2028sep\u2029para 🦜 lone\ud800!';

/** A medium of the fixture. */
export function medium(mediaId: string, contentType: string, kind: 'image' | 'audio' = 'image'): ExportMedium {
  const ext = contentType.split('/')[1] ?? 'bin';
  return { mediaId, kind, path: `images/${mediaId}.${ext}`, url: `https://cdn.example/${mediaId}.${ext}`, contentType, width: 640, height: 480 };
}

/** The provenance of a fixture item. */
export function provenance(annotator: string): RowProvenance {
  return {
    annotators: [annotator],
    configVersion: 3,
    reviewOutcome: 'accepted',
    agreement: null,
    fields: { 'turns/t2/text': { kind: 'model_then_human_edited', modelId: 'llama-3', authors: [annotator], editedBy: [annotator], humanShare: 0.4 } },
  };
}

let turnCounter = 0;
/** A turn view. */
export function turn(role: TurnView['role'], text: string, media: string[] = []): TurnView {
  turnCounter += 1;
  return { id: `t${turnCounter}`, role, text, media };
}

/** An instruction export item. */
export function instructionItem(
  itemId: string,
  split: ExportItem['split'],
  turns: TurnView[],
  media: ExportMedium[] = [],
  /** Media of the item no turn lists, in import order (the rest are added from the turns). */
  itemMedia: string[] = [],
): ExportItem {
  const listed = turns.flatMap((t) => t.media);
  const refs = [...itemMedia, ...listed.filter((id) => !itemMedia.includes(id))].map((mediaId) => {
    const m = media.find((x) => x.mediaId === mediaId);
    return { kind: m?.kind ?? 'image', mediaId };
  });
  return {
    itemId,
    externalId: `ext-${itemId}`,
    split,
    tags: [],
    gold: false,
    annotation: {
      taskType: 'instruction',
      meta: { schemaVersion: 1, itemId, configVersion: 3 },
      media: refs,
      turns,
      instruction: { style: null },
      transcript: [],
      summary: '',
    },
    media: Object.fromEntries(media.map((m) => [m.mediaId, m])),
    config: defaultConfig('instruction'),
    provenance: provenance('ann_1'),
  };
}

/** The fixed fixture: three exportable items (one image, several images, text only) and four awkward ones. */
export function instructionFixture(): ExportItem[] {
  turnCounter = 0;
  return [
    instructionItem(
      'itm_i1',
      'train',
      [turn('system', 'Be brief.'), turn('user', 'What is shown?', ['med_1']), turn('assistant', `A parrot: ${awkward}`), turn('user', 'Colour?'), turn('assistant', 'Green.')],
      [medium('med_1', 'image/jpeg')],
    ),
    instructionItem(
      'itm_i2',
      'train',
      [turn('user', 'Compare the first two.', ['med_b']), turn('assistant', 'They differ.'), turn('user', 'And this one?', ['med_c']), turn('assistant', 'Same as the first.')],
      [medium('med_a', 'image/png'), medium('med_b', 'image/webp'), medium('med_c', 'image/jpeg')],
      ['med_a'],
    ),
    instructionItem('itm_i3', 'validation', [turn('user', 'Say "hi" in <b>bold</b>.'), turn('assistant', '**hi**')]),
    instructionItem('itm_i4', 'train', [turn('user', 'One.'), turn('user', 'Two.'), turn('assistant', 'Three.')]),
    instructionItem('itm_i5', 'train', [turn('user', 'Draw a cat.'), turn('assistant', 'Here.', ['med_d'])], [medium('med_d', 'image/png')]),
    instructionItem('itm_i6', 'train', [turn('user', 'Transcribe.', ['med_s']), turn('assistant', 'Hello.')], [medium('med_s', 'audio/wav', 'audio')]),
    instructionItem('itm_i7', 'test', [turn('user', 'Animated?', ['med_g']), turn('assistant', 'Yes.')], [medium('med_g', 'image/gif')]),
  ];
}
