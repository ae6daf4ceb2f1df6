import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TextareaBinding, type TextareaLike } from './textarea-binding.ts';
import type { CursorRange } from './presence.ts';

/** Behaves like a DOM textarea where it matters: assigning `value` puts the caret at the end. */
class FakeTextarea implements TextareaLike {
  #value = '';
  selectionStart = 0;
  selectionEnd = 0;
  selectionDirection: 'forward' | 'backward' | 'none' | null = 'none';
  scrollTop = 0;
  get value() {
    return this.#value;
  }
  set value(value: string) {
    this.#value = value;
    this.selectionStart = this.selectionEnd = value.length;
    this.scrollTop = 0;
  }
  setSelectionRange(start: number, end: number, direction: 'forward' | 'backward' | 'none' = 'none') {
    this.selectionStart = start;
    this.selectionEnd = end;
    this.selectionDirection = direction;
  }
  /** What a user does: replace the selection with `typed`, caret after it. */
  type(typed: string) {
    const { selectionStart: s, selectionEnd: e } = this;
    this.#value = this.#value.slice(0, s) + typed + this.#value.slice(e);
    this.selectionStart = this.selectionEnd = s + typed.length;
  }
  backspace() {
    const { selectionStart: s, selectionEnd: e } = this;
    const from = s === e ? Math.max(0, s - 1) : s;
    this.#value = this.#value.slice(0, from) + this.#value.slice(e);
    this.selectionStart = this.selectionEnd = from;
  }
}

function setup(initial = '') {
  const local = new Y.Doc();
  const remote = new Y.Doc();
  local.on('update', (u: Uint8Array, origin: unknown) => origin !== remote && Y.applyUpdate(remote, u, local));
  remote.on('update', (u: Uint8Array, origin: unknown) => origin !== local && Y.applyUpdate(local, u, remote));
  remote.getText('caption').insert(0, initial);
  const textarea = new FakeTextarea();
  const reported: CursorRange[] = [];
  const origins: unknown[] = [];
  local.on('update', (_u: Uint8Array, origin: unknown) => origins.push(origin));
  const binding = new TextareaBinding({ textarea, text: local.getText('caption'), onSelection: (s) => reported.push(s) });
  return { textarea, binding, reported, origins, text: local.getText('caption'), remoteText: remote.getText('caption') };
}

describe('TextareaBinding', () => {
  it('starts with the document text', () => {
    expect(setup('hello').textarea.value).toBe('hello');
  });

  it('sends each local input as one transaction with a private origin and reports the selection', () => {
    const { textarea, binding, reported, origins, remoteText } = setup('hello world');
    textarea.setSelectionRange(6, 11);
    textarea.type('there');
    binding.input();
    expect(remoteText.toString()).toBe('hello there');
    expect(origins).toHaveLength(1);
    expect(typeof origins[0]).toBe('symbol');
    expect(reported.at(-1)).toEqual({ anchor: 11, head: 11 });
  });

  it('keeps the caret on its character when someone types before it', () => {
    const { textarea, remoteText } = setup('hello world');
    textarea.setSelectionRange(6, 6);
    remoteText.insert(0, 'Oh, ');
    expect(textarea.value).toBe('Oh, hello world');
    expect([textarea.selectionStart, textarea.selectionEnd]).toEqual([10, 10]);
    remoteText.delete(0, 4);
    expect([textarea.selectionStart, textarea.selectionEnd]).toEqual([6, 6]);
  });

  it('does not move the caret for text typed after it or exactly at it', () => {
    const { textarea, remoteText } = setup('abcd');
    textarea.setSelectionRange(2, 2);
    remoteText.insert(4, '!!');
    remoteText.insert(2, 'XY');
    expect(textarea.value).toBe('abXYcd!!');
    expect([textarea.selectionStart, textarea.selectionEnd]).toEqual([2, 2]);
  });

  it('keeps a backward selection on the same characters and direction', () => {
    const { textarea, binding, remoteText } = setup('one two three');
    textarea.setSelectionRange(4, 7, 'backward');
    expect(binding.selection()).toEqual({ anchor: 7, head: 4 });
    remoteText.insert(0, '>> ');
    expect([textarea.selectionStart, textarea.selectionEnd, textarea.selectionDirection]).toEqual([7, 10, 'backward']);
    expect(textarea.value.slice(7, 10)).toBe('two');
  });

  it('keeps the scroll position when rewriting the value', () => {
    const { textarea, remoteText } = setup('line\n'.repeat(50));
    textarea.scrollTop = 120;
    remoteText.insert(0, 'x');
    expect(textarea.scrollTop).toBe(120);
  });

  it('interleaves local and remote edits and converges', () => {
    const { textarea, binding, text, remoteText } = setup('');
    textarea.type('Hello');
    binding.input();
    remoteText.insert(0, '# ');
    textarea.type(' world');
    binding.input();
    textarea.backspace();
    binding.input();
    expect(textarea.value).toBe('# Hello worl');
    expect(text.toString()).toBe('# Hello worl');
    expect(remoteText.toString()).toBe('# Hello worl');
  });

  it('types a repeated character at the caret, not at the end of the run', () => {
    const { textarea, binding, remoteText } = setup('aa');
    // Someone's caret sits after the first "a".
    const theirs = Y.createRelativePositionFromTypeIndex(remoteText, 1, -1);
    textarea.setSelectionRange(0, 0);
    textarea.type('a');
    binding.input();
    expect(remoteText.toString()).toBe('aaa');
    expect(Y.createAbsolutePositionFromRelativePosition(theirs, remoteText.doc!)?.index).toBe(2);
  });

  describe('IME composition', () => {
    it('sends nothing while composing and the composed text at the end', () => {
      const { textarea, binding, remoteText } = setup('ab');
      textarea.setSelectionRange(1, 1);
      binding.compositionStart();
      textarea.type('ni');
      binding.input();
      expect(remoteText.toString()).toBe('ab');
      textarea.setSelectionRange(1, 3);
      textarea.type('你');
      binding.input();
      binding.compositionEnd();
      expect(remoteText.toString()).toBe('a你b');
    });

    it('leaves the textarea alone while composing and merges remote edits afterwards', () => {
      const { textarea, binding, text, remoteText } = setup('hello world');
      textarea.setSelectionRange(5, 5);
      binding.compositionStart();
      textarea.type('ka');
      remoteText.insert(0, '>> ');
      remoteText.insert(14, '!');
      expect(textarea.value).toBe('helloka world');
      textarea.setSelectionRange(5, 7);
      textarea.type('か');
      binding.compositionEnd();
      expect(text.toString()).toBe('>> helloか world!');
      expect(remoteText.toString()).toBe('>> helloか world!');
      expect(textarea.value).toBe('>> helloか world!');
      expect([textarea.selectionStart, textarea.selectionEnd]).toEqual([9, 9]);
    });

    it('keeps text someone typed at the composition point', () => {
      const { textarea, binding, remoteText } = setup('ab');
      textarea.setSelectionRange(1, 1);
      binding.compositionStart();
      remoteText.insert(1, 'XY');
      textarea.type('字');
      binding.compositionEnd();
      expect(remoteText.toString()).toBe('a字XYb');
    });

    it('replaces a selection that was composed over', () => {
      const { textarea, binding, remoteText } = setup('one two three');
      textarea.setSelectionRange(4, 7);
      binding.compositionStart();
      remoteText.insert(0, '0 ');
      textarea.type('二');
      binding.compositionEnd();
      expect(remoteText.toString()).toBe('0 one 二 three');
    });
  });

  it('stops following the text after destroy', () => {
    const { textarea, binding, remoteText } = setup('abc');
    binding.destroy();
    remoteText.insert(0, 'zzz');
    expect(textarea.value).toBe('abc');
  });
});
