import { describe, expect, it } from 'vitest';
import { TurnBatcher } from './turn-batcher.js';

describe('TurnBatcher', () => {
  it('runs the inputs of one turn together, in order, after the turn', async () => {
    const batches: number[][] = [];
    let current: number[] | null = null;
    const sut = new TurnBatcher((x: number) => {
      if (current === null) {
        current = [];
        batches.push(current);
        queueMicrotask(() => (current = null));
      }
      current.push(x);
      return x * 10;
    });

    const first = [sut.run(1), sut.run(2), sut.run(3)];
    // nothing runs inside the turn that submitted it
    expect(batches).toEqual([]);
    expect(await Promise.all(first)).toEqual([10, 20, 30]);
    const second = await Promise.all([sut.run(4), sut.run(5)]);
    expect(second).toEqual([40, 50]);
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });

  it('rejects only the input whose work throws', async () => {
    const sut = new TurnBatcher((s: string) => {
      if (s === 'bad') throw new Error(`cannot do ${s}`);
      return s.toUpperCase();
    });
    const results = await Promise.allSettled([sut.run('a'), sut.run('bad'), sut.run('c')]);
    expect(results).toEqual([
      { status: 'fulfilled', value: 'A' },
      { status: 'rejected', reason: new Error('cannot do bad') },
      { status: 'fulfilled', value: 'C' },
    ]);
  });

  it('runs inputs submitted while a batch runs in the next batch', async () => {
    const order: string[] = [];
    let nested: Promise<string> | undefined;
    const sut: TurnBatcher<string, string> = new TurnBatcher((s: string) => {
      order.push(s);
      if (s === 'outer') nested = sut.run('inner');
      return s;
    });
    await sut.run('outer');
    expect(order).toEqual(['outer']);
    expect(await nested).toBe('inner');
    expect(order).toEqual(['outer', 'inner']);
  });
});
