import type * as Y from 'yjs';
import type { Random } from '../random.ts';

const words = ['red', 'bus', 'cat', 'quick', 'the', 'on', 'a', 'street', 'rain', 'é', '👍', 'blue', ' ', '\n'];
const idAlphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Seeded helpers for random operations. */
export interface Dice {
  random: Random;
  /** An integer in [0, n). */
  int(n: number): number;
  /** true with probability p. */
  chance(p: number): boolean;
  /** A random element, or undefined for an empty list. */
  pick<T>(items: readonly T[]): T | undefined;
  /** A random subset, in the original order. */
  subset<T>(items: readonly T[]): T[];
  /** A few random words. */
  words(): string;
  /** A fresh id in the format of `newLocalId`, from the seeded generator. */
  id(): string;
}

/** Builds {@link Dice} on a seeded generator. */
export function createDice(random: Random): Dice {
  const int = (n: number) => Math.floor(random() * n);
  return {
    random,
    int,
    chance: (p) => random() < p,
    pick: (items) => (items.length === 0 ? undefined : items[int(items.length)]),
    subset: (items) => items.filter(() => random() < 0.5),
    words: () => Array.from({ length: 1 + int(3) }, () => words[int(words.length)] ?? '').join(' '),
    id: () => Array.from({ length: 12 }, () => idAlphabet[int(idAlphabet.length)] ?? 'a').join(''),
  };
}

/** Inserts a few words at a random place of a text, or deletes a random run of it. */
export function editText(dice: Dice, text: Y.Text | null): string | null {
  if (!text) return null;
  if (text.length === 0 || dice.chance(0.6)) {
    text.insert(dice.int(text.length + 1), dice.words());
    return 'text.insert';
  }
  const index = dice.int(text.length);
  text.delete(index, 1 + dice.int(Math.min(8, text.length - index)));
  return 'text.delete';
}

/** A random span `[start, end)` of a text of `length` characters, or null when it is empty. */
export function randomSpan(dice: Dice, length: number): { start: number; end: number } | null {
  if (length === 0) return null;
  const start = dice.int(length);
  return { start, end: start + 1 + dice.int(Math.min(12, length - start)) };
}

/** A random operation on a replica: performs it and returns its name, or null when it does not apply. */
export type RandomOp = (doc: Y.Doc, dice: Dice) => string | null;

/** Picks among weighted operations until one applies (a few tries), returning its name. */
export function runWeighted(ops: [weight: number, op: RandomOp][], doc: Y.Doc, dice: Dice): string {
  const total = ops.reduce((sum, [weight]) => sum + weight, 0);
  for (let attempt = 0; attempt < 10; attempt++) {
    let roll = dice.random() * total;
    for (const [weight, op] of ops) {
      roll -= weight;
      if (roll < 0) {
        const name = op(doc, dice);
        if (name !== null) return name;
        break;
      }
    }
  }
  return 'noop';
}

/** Runs `action` on an id when there is one; the operation's name, or null when there was nothing to act on. */
export function withId(id: string | undefined, action: (id: string) => unknown, name: string): string | null {
  if (id === undefined) return null;
  action(id);
  return name;
}
