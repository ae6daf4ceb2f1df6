// Seeded inputs of the agreement benchmark: equal seeds, equal data, on every machine.
import { type Box, seededRandom } from '../src/index.ts';

/**
 * `annotators` x `items` categorical labels 1..categories: each item has a true label that each annotator
 * gives with probability `accuracy`, otherwise a uniformly random label (so the agreement is neither 0 nor 1).
 */
export function createLabels(options: { items: number; annotators: number; categories: number; accuracy: number; seed: string }): number[][] {
  const random = seededRandom(options.seed);
  const truth = Array.from({ length: options.items }, () => 1 + Math.floor(random() * options.categories));
  return Array.from({ length: options.annotators }, () =>
    truth.map((label) => (random() < options.accuracy ? label : 1 + Math.floor(random() * options.categories))),
  );
}

/**
 * Two annotators' boxes per image: B is A jittered, in shuffled order, with a few boxes dropped and a few
 * added, and labels that sometimes differ.
 */
export function createBoxImages(options: { images: number; boxes: number; seed: string }): { a: Box[]; b: Box[] }[] {
  const random = seededRandom(options.seed);
  const labels = ['person', 'car', 'dog', 'sign'];
  const pick = (): string => labels[Math.floor(random() * labels.length)]!;
  const randomBox = (): Box => ({ x: random() * 900, y: random() * 900, w: 20 + random() * 100, h: 20 + random() * 100, label: pick() });
  return Array.from({ length: options.images }, () => {
    const a = Array.from({ length: options.boxes }, randomBox);
    const b: Box[] = [];
    for (const box of a) {
      if (random() < 0.1) continue;
      const jitter = (): number => (random() - 0.5) * 0.2 * Math.min(box.w, box.h);
      b.push({ x: box.x + jitter(), y: box.y + jitter(), w: box.w + jitter(), h: box.h + jitter(), label: random() < 0.9 ? box.label! : pick() });
    }
    while (b.length < options.boxes) b.push(randomBox());
    for (let i = b.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [b[i], b[j]] = [b[j]!, b[i]!];
    }
    return { a, b };
  });
}
