/**
 * The `DmDelivery` contract (src/comments/dm-delivery.ts): one suite, run by
 * dm-delivery.contract.test.ts against every implementation, each talking to a real HTTP
 * receiver. The receiver's own record of what it accepted is the ground truth.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DmDeliveryError, type DmDelivery, type DmDeliveryMessage } from '../../src/comments/dm-delivery.js';

export interface DmDeliveryUnderTest {
  delivery: DmDelivery;
  /** values that must never appear in an error message (tokens, signing secrets, secret URLs) */
  secrets: string[];
  /** a fresh, valid message the receiver accepts (the n-th of the suite) */
  message(n: number): DmDeliveryMessage;
  /** how many messages the receiver took for this message (its side effects: DMs, replies) */
  sideEffects(msg: DmDeliveryMessage): Promise<number>;
  /** from now until `restore`, the receiver fails every call in a way another attempt can fix */
  failTransiently(): Promise<void>;
  /** arrange a rejection another attempt cannot fix; returns the message to send */
  rejectPermanently(msg: DmDeliveryMessage): Promise<DmDeliveryMessage>;
  /** the receiver accepts again */
  restore(): Promise<void>;
  close(): Promise<void>;
}

async function failure(p: Promise<unknown>): Promise<DmDeliveryError> {
  const err: unknown = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof DmDeliveryError)) throw new Error(`expected a DmDeliveryError, got ${String(err)}`);
  return err;
}

export function dmDeliveryContract(name: string, create: () => Promise<DmDeliveryUnderTest>): void {
  describe(`DmDelivery contract (${name})`, () => {
    let sut: DmDeliveryUnderTest;
    let n = 0;
    const next = () => sut.message(++n);
    const messages: string[] = [];
    const fail = async (p: Promise<unknown>) => {
      const err = await failure(p);
      messages.push(err.message, String(err.cause instanceof Error ? err.cause.message : ''));
      return err;
    };

    beforeAll(async () => {
      sut = await create();
    });
    afterEach(async () => {
      await sut.restore();
    });
    afterAll(async () => {
      await sut.close();
    });

    it('has a name', () => {
      expect(sut.delivery.name).toMatch(/^[a-z_]+$/);
    });

    it('delivers a message once: an id, not a duplicate, one side effect at the receiver', async () => {
      const msg = next();
      const result = await sut.delivery.send(msg);
      expect(result.duplicate).toBe(false);
      expect(typeof result.id).toBe('string');
      expect(result.id.length).toBeGreaterThan(0);
      expect(await sut.sideEffects(msg)).toBe(1);
    });

    it('the same idempotency key twice: the same id, flagged duplicate, still one side effect', async () => {
      const msg = next();
      const first = await sut.delivery.send(msg);
      const again = await sut.delivery.send(msg);
      expect(again).toEqual({ id: first.id, duplicate: true });
      expect(await sut.sideEffects(msg)).toBe(1);
    });

    it('two idempotency keys are two messages with two ids', async () => {
      const a = next();
      const b = next();
      const ra = await sut.delivery.send(a);
      const rb = await sut.delivery.send(b);
      expect(ra.id).not.toBe(rb.id);
      expect(await sut.sideEffects(a)).toBe(1);
      expect(await sut.sideEffects(b)).toBe(1);
    });

    it('a transient receiver failure is a transient DmDeliveryError; the retry delivers exactly once', async () => {
      const msg = next();
      await sut.failTransiently();
      const err = await fail(sut.delivery.send(msg));
      expect(err.transient).toBe(true);
      expect(await sut.sideEffects(msg)).toBe(0);
      await sut.restore();
      const retried = await sut.delivery.send(msg);
      expect(retried.duplicate).toBe(false);
      expect(await sut.sideEffects(msg)).toBe(1);
    });

    it('a permanent rejection is a non-transient DmDeliveryError and sends nothing', async () => {
      const msg = await sut.rejectPermanently(next());
      const err = await fail(sut.delivery.send(msg));
      expect(err.transient).toBe(false);
      expect(await sut.sideEffects(msg)).toBe(0);
    });

    it('no secret appears in an error message', () => {
      expect(messages.length).toBeGreaterThanOrEqual(4);
      for (const m of messages) for (const s of sut.secrets) expect(m).not.toContain(s);
    });
  });
}
