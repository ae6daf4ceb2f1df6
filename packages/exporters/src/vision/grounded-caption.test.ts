import type { LinkView } from '@concord/annotation-doc';
import { describe, expect, it } from 'vitest';
import type { Xywh } from './geometry.ts';
import { groundCaption } from './grounded-caption.ts';

const image = { width: 640, height: 480 };
const caption = 'a dog chases a cat';
const boxes = new Map<string, Xywh>([
  ['dog', [100, 120, 200, 150]],
  ['cat', [320, 240, 64, 48]],
  ['mat', [0, 0, 64, 48]],
]);

function link(id: string, regionId: string, start: number, end: number, order = 0): LinkView {
  return { id, regionId, start, end, text: caption.slice(Math.max(start, 0), Math.max(end, 0)), order };
}

describe('grounded captions', () => {
  it('[V11] several links are drawn at their spans, the rest of the caption is kept', () => {
    const links = [link('l1', 'dog', 0, 5), link('l2', 'cat', 13, 18)];
    expect(groundCaption({ style: 'shikra', caption, links, boxes, image })).toEqual({
      text: 'a dog[0.156,0.250,0.469,0.562] chases a cat[0.500,0.500,0.600,0.600]',
      problems: [],
    });
    expect(groundCaption({ style: 'qwen', caption, links, boxes, image }).text).toBe(
      '<ref>a dog</ref><box>(156,250),(468,562)</box> chases <ref>a cat</ref><box>(500,500),(600,600)</box>',
    );
  });

  it('[V11] links are drawn in caption order whatever their link order', () => {
    const links = [link('l2', 'cat', 13, 18, 0), link('l1', 'dog', 0, 5, 1)];
    expect(groundCaption({ style: 'florence2', caption, links, boxes, image }).text).toBe(
      'a dog<loc_156><loc_250><loc_468><loc_562> chases a cat<loc_500><loc_500><loc_600><loc_600>',
    );
  });

  it('[V11] Kosmos-2 moves the space before a phrase inside <phrase>', () => {
    const links = [link('l2', 'cat', 13, 18)];
    expect(groundCaption({ style: 'kosmos2', caption, links, boxes, image }).text).toBe(
      'a dog chases<phrase> a cat</phrase><object><patch_index_0528><patch_index_0627></object>',
    );
  });

  it('[V11] links on the same span are one phrase with both boxes; a region linked twice counts once', () => {
    const links = [link('l1', 'dog', 0, 5), link('l3', 'mat', 0, 5), link('l4', 'dog', 0, 5)];
    expect(groundCaption({ style: 'shikra', caption, links, boxes, image }).text).toBe('a dog[0.156,0.250,0.469,0.562;0.000,0.000,0.100,0.100] chases a cat');
  });

  it('[V11] of overlapping spans the earlier (longer on a tie) is drawn, the other reported', () => {
    const links = [link('short', 'cat', 2, 5), link('long', 'dog', 0, 12)];
    const { text, problems } = groundCaption({ style: 'shikra', caption, links, boxes, image });
    expect(text).toBe('a dog chases[0.156,0.250,0.469,0.562] a cat');
    expect(problems).toEqual(['link short: overlaps an earlier linked phrase; not drawn']);
  });

  it('[V11] unresolved spans and regions that cannot be drawn are reported; unlinked regions are not in the text', () => {
    const links = [link('gone', 'dog', -1, -1), link('nobox', 'unicorn', 0, 5)];
    expect(groundCaption({ style: 'qwen', caption, links, boxes, image })).toEqual({
      text: caption,
      problems: ['link gone: its caption span no longer resolves', 'link nobox: region unicorn cannot be drawn'],
    });
  });
});
