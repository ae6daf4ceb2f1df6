import type { LinkView } from '@concord/annotation-doc';
import type { Xywh } from './geometry.ts';
import { groundPhrase, type GroundedStyle, type ImageSize } from './grounded-boxes.ts';

/** Options of {@link groundCaption}. */
export interface GroundCaptionOptions {
  style: GroundedStyle;
  caption: string;
  links: readonly LinkView[];
  /** Region id → box, for the regions that can be drawn. */
  boxes: ReadonlyMap<string, Xywh>;
  image: ImageSize;
}

interface Phrase {
  start: number;
  end: number;
  linkIds: string[];
  boxes: Xywh[];
}

/** Links with the same span become one phrase with several boxes (in link order, each region once). */
function phrasesOf(links: readonly LinkView[], boxes: ReadonlyMap<string, Xywh>, problems: string[]): Phrase[] {
  const bySpan = new Map<string, Phrase & { regions: Set<string> }>();
  for (const link of links) {
    const box = boxes.get(link.regionId);
    if (link.start < 0 || link.end <= link.start) problems.push(`link ${link.id}: its caption span no longer resolves`);
    else if (!box) problems.push(`link ${link.id}: region ${link.regionId} cannot be drawn`);
    else {
      const key = `${link.start}:${link.end}`;
      const phrase = bySpan.get(key) ?? { start: link.start, end: link.end, linkIds: [], boxes: [], regions: new Set<string>() };
      phrase.linkIds.push(link.id);
      if (!phrase.regions.has(link.regionId)) phrase.boxes.push(box);
      phrase.regions.add(link.regionId);
      bySpan.set(key, phrase);
    }
  }
  return [...bySpan.values()].sort((a, b) => a.start - b.start || b.end - a.end);
}

/**
 * [V11] The caption with its linked phrases drawn in a grounded convention, plus what could not be drawn.
 * Links on the same span are one phrase with several boxes. Spans cannot nest in these formats: of
 * overlapping spans the one starting first (the longer on a tie) is drawn and the others are reported.
 * Regions without a link are not in the text (a grounded caption grounds only what it mentions). For
 * Kosmos-2 the space before a phrase moves inside `<phrase>`, as its processor writes it.
 *
 * @example groundCaption({ style: 'shikra', caption: 'a dog', links, boxes, image: { width: 640, height: 480 } }).text
 * // 'a dog[0.156,0.250,0.469,0.562]'
 */
export function groundCaption({ style, caption, links, boxes, image }: GroundCaptionOptions): { text: string; problems: string[] } {
  const problems: string[] = [];
  let text = '';
  let cursor = 0;
  for (const phrase of phrasesOf(links, boxes, problems)) {
    if (phrase.start < cursor) {
      problems.push(`link ${phrase.linkIds.join(', ')}: overlaps an earlier linked phrase; not drawn`);
      continue;
    }
    let before = caption.slice(cursor, phrase.start);
    if (style === 'kosmos2' && before.endsWith(' ')) before = before.slice(0, -1);
    text += before + groundPhrase({ style, phrase: caption.slice(phrase.start, phrase.end), boxes: phrase.boxes, image });
    cursor = phrase.end;
  }
  return { text: text + caption.slice(cursor), problems };
}
