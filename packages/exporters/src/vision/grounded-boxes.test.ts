import { describe, expect, it } from 'vitest';
import { groundPhrase, threeDecimals } from './grounded-boxes.ts';

const image = { width: 640, height: 480 };
const dog = [100, 120, 200, 150] as [number, number, number, number];

describe('grounded boxes', () => {
  it('[V10] xywh [100,120,200,150] on 640x480 gives exactly the strings of export-formats.md', () => {
    expect(groundPhrase({ style: 'qwen', phrase: 'a dog', boxes: [dog], image })).toBe('<ref>a dog</ref><box>(156,250),(468,562)</box>');
    expect(groundPhrase({ style: 'florence2', phrase: 'a dog', boxes: [dog], image })).toBe('a dog<loc_156><loc_250><loc_468><loc_562>');
    // floor(0.15625·32)=5, floor(0.25·32)=8 → 8·32+5; ceil(0.46875·32−1)=14, ceil(0.5625·32−1)=17 → 17·32+14.
    expect(groundPhrase({ style: 'kosmos2', phrase: 'a dog', boxes: [dog], image })).toBe(
      '<phrase> a dog</phrase><object><patch_index_0261><patch_index_0558></object>',
    );
    expect(groundPhrase({ style: 'shikra', phrase: 'a dog', boxes: [dog], image })).toBe('a dog[0.156,0.250,0.469,0.562]');
  });

  it('[V10] Shikra rounds ties to even, like Python formatting the exact ratio', () => {
    expect(threeDecimals(100, 640)).toBe('0.156'); // 156.25
    expect(threeDecimals(270, 480)).toBe('0.562'); // 562.5, tie → even
    expect(threeDecimals(1, 8)).toBe('0.125');
    expect(threeDecimals(1, 16)).toBe('0.062'); // 62.5, tie → even
    expect(threeDecimals(3, 16)).toBe('0.188'); // 187.5, tie → even
    expect(threeDecimals(640, 640)).toBe('1.000');
    expect(threeDecimals(0.5, 3)).toBe('0.167');
  });

  it('[V10] coordinates are clamped to the image: a box reaching the edge stays in 0..999 and the last patch', () => {
    const edge = { width: 100, height: 100 };
    const box = [-10, 90, 120, 30] as [number, number, number, number];
    expect(groundPhrase({ style: 'qwen', phrase: 'x', boxes: [box], image: edge })).toBe('<ref>x</ref><box>(0,900),(999,999)</box>');
    expect(groundPhrase({ style: 'florence2', phrase: 'x', boxes: [box], image: edge })).toBe('x<loc_0><loc_900><loc_999><loc_999>');
    // floor(0.9·32)=28 → 28·32+0; ceil(1·32−1)=31 → 31·32+31.
    expect(groundPhrase({ style: 'kosmos2', phrase: 'x', boxes: [box], image: edge })).toBe('<phrase> x</phrase><object><patch_index_0896><patch_index_1023></object>');
    expect(groundPhrase({ style: 'shikra', phrase: 'x', boxes: [box], image: edge })).toBe('x[0.000,0.900,1.000,1.000]');
  });

  it('[V11] several boxes for one phrase, in each convention', () => {
    const boxes = [dog, [0, 0, 64, 48] as [number, number, number, number]];
    expect(groundPhrase({ style: 'qwen', phrase: 'dogs', boxes, image })).toBe('<ref>dogs</ref><box>(156,250),(468,562)</box><box>(0,0),(100,100)</box>');
    expect(groundPhrase({ style: 'florence2', phrase: 'dogs', boxes, image })).toBe('dogs<loc_156><loc_250><loc_468><loc_562><loc_0><loc_0><loc_100><loc_100>');
    expect(groundPhrase({ style: 'kosmos2', phrase: 'dogs', boxes, image })).toBe(
      '<phrase> dogs</phrase><object><patch_index_0261><patch_index_0558><delimiter_of_multi_objects/><patch_index_0000><patch_index_0099></object>',
    );
    expect(groundPhrase({ style: 'shikra', phrase: 'dogs', boxes, image })).toBe('dogs[0.156,0.250,0.469,0.562;0.000,0.000,0.100,0.100]');
  });
});
