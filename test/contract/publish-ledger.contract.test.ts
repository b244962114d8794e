import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DbPublishLedger } from '../../src/threads/ledger-repository.js';
import { InMemoryPublishLedger, type PublishLedger } from '../../src/threads/publish-ledger.js';
import { startThreadsSim, type ThreadsSim } from '../helpers/threads-sim.js';
import { testStoreEngines } from '../helpers/stores.js';

interface Implementation {
  name: string;
  create(): Promise<{ ledger: PublishLedger; cleanup(): Promise<void> }>;
}

const implementations: Implementation[] = [
  {
    name: 'memory',
    create: () => Promise.resolve({ ledger: new InMemoryPublishLedger(), cleanup: () => Promise.resolve() }),
  },
  ...testStoreEngines.map((e) => ({
    name: e.engine,
    create: async () => {
      const { store, cleanup } = await e.create();
      return { ledger: new DbPublishLedger(store.db), cleanup };
    },
  })),
];

let sim: ThreadsSim;
beforeAll(async () => {
  sim = await startThreadsSim({ demo: false });
});
afterAll(async () => {
  await sim.close();
});

describe.each(implementations)('PublishLedger contract ($name)', ({ create }) => {
  let ledger: PublishLedger;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ ledger, cleanup } = await create());
  });
  afterAll(async () => {
    await cleanup();
  });

  it('knows nothing of an unknown key', async () => {
    expect(await ledger.get('never')).toBeUndefined();
  });

  it('keeps the container, then the media id; a published record is not reopened', async () => {
    await ledger.recordContainer({
      key: 'k1',
      account_id: 'a',
      container_id: 'c1',
      text: 'hi',
      reply_to_id: 'r1',
    });
    expect(await ledger.get('k1')).toEqual({
      key: 'k1',
      account_id: 'a',
      container_id: 'c1',
      text: 'hi',
      reply_to_id: 'r1',
    });
    await ledger.recordContainer({
      key: 'k1',
      account_id: 'a',
      container_id: 'c2',
      text: 'hi',
      reply_to_id: 'r1',
    });
    expect((await ledger.get('k1'))?.container_id).toBe('c2');
    await ledger.recordPublished('k1', 'm1');
    await ledger.recordContainer({
      key: 'k1',
      account_id: 'a',
      container_id: 'c3',
      text: 'hi',
      reply_to_id: 'r1',
    });
    expect(await ledger.get('k1')).toEqual({
      key: 'k1',
      account_id: 'a',
      container_id: 'c2',
      text: 'hi',
      reply_to_id: 'r1',
      media_id: 'm1',
    });
  });

  it('lets a job retried by a new connector adopt the post its first attempt published', async () => {
    const text = `ledger ${Math.random()}`;
    sim.graph.dropResponses({ path: '/threads_publish' });
    // reconciliation fails too, so the first attempt ends with only the container recorded
    sim.graph.queueError({ code: 2, count: 4, path: '/v1.0/me/threads', method: 'GET' });
    const first = await sim
      .connector({ ledger })
      .publishOnce({ accountId: 'acct_maya', text, key: `post-${text}` })
      .catch((e: unknown) => e);
    expect(first).toBeInstanceOf(Error);
    sim.graph.clearErrors();
    const retried = await sim
      .connector({ ledger })
      .publishOnce({ accountId: 'acct_maya', text, key: `post-${text}` });
    expect(retried.adopted).toBe(true);
    expect(
      sim.simulator.listPublished({ account_id: 'acct_maya', limit: 1000 }).filter((p) => p.content === text),
    ).toHaveLength(1);
  });
});
