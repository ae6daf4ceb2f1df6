import { describe, expect, it } from 'vitest';
import { inOrder } from './in-order.ts';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('inOrder', () => {
  it('[X2] yields results in input order with at most `limit` calls in flight', async () => {
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const work = async (n: number) => {
      started.push(n);
      running += 1;
      most = Math.max(most, running);
      await delay((7 - n) * 3); // later inputs finish first
      running -= 1;
      return n * 10;
    };
    const out: number[] = [];
    for await (const r of inOrder([1, 2, 3, 4, 5, 6], 3, work)) out.push(r);
    expect(out).toEqual([10, 20, 30, 40, 50, 60]);
    expect(most).toBe(3);
    expect(started).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('[X2] runs one at a time with limit 1 and handles an empty list', async () => {
    let running = 0;
    let most = 0;
    const work = async (n: number) => {
      running += 1;
      most = Math.max(most, running);
      await delay(1);
      running -= 1;
      return n;
    };
    const out: number[] = [];
    for await (const r of inOrder([3, 1, 2], 1, work)) out.push(r);
    expect(out).toEqual([3, 1, 2]);
    expect(most).toBe(1);
    for await (const r of inOrder([], 4, work)) out.push(r);
    expect(out).toEqual([3, 1, 2]);
  });

  it('[X2] throws a failure in its turn, after the earlier results, without an unhandled rejection', async () => {
    const work = async (n: number) => {
      if (n === 2) throw new Error('boom');
      await delay(5);
      return n;
    };
    const out: number[] = [];
    await expect(async () => {
      for await (const r of inOrder([1, 2, 3], 3, work)) out.push(r);
    }).rejects.toThrow('boom');
    expect(out).toEqual([1]);
    await delay(10);
  });
});
