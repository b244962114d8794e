import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers/app.js';
import { parseGenerateOptions, runGenerate } from './drafts.js';

class Capture extends Writable {
  text = '';
  constructor(readonly isTTY: boolean) {
    super();
  }
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

describe(parseGenerateOptions.name, () => {
  it('reads the options and names the one that is wrong', () => {
    expect(
      parseGenerateOptions({ persona: 'p', count: '4', hook: 'question', seed: '9', template: '2' }),
    ).toEqual({
      persona_id: 'p',
      count: 4,
      hook_family: 'question',
      seed: 9,
      template_id: 2,
    });
    expect(() => parseGenerateOptions({ persona: 'p', count: '0' })).toThrow('--count');
    expect(() => parseGenerateOptions({ persona: 'p', count: '1', hook: 'nope' })).toThrow('--hook');
    expect(() => parseGenerateOptions({ persona: 'p', count: '1', generator: 'gpt' })).toThrow('--generator');
  });
});

describe(runGenerate.name, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('embedded', { demo: false });
    await t.deps.content.personas.create({
      id: 'cli_bo',
      account_id: 'acct_cli',
      name: 'Bo',
      voice: '',
      topics: ['sourdough'],
      avoid: [],
      language: 'en',
      posts_per_day: 3,
      quiet_hours: null,
      approval: 'review',
      auto_threshold: null,
    });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  it('shows a progress bar on a terminal and prints each stored draft with its scores', async () => {
    const stdout = new Capture(false);
    const stderr = new Capture(true);
    const made = await runGenerate(
      t.deps.content.drafts,
      { persona_id: 'cli_bo', count: 3, seed: 4 },
      { stdout, stderr },
    );
    expect(made).toHaveLength(3);
    expect(stderr.text).toContain('3/3 drafts');
    for (const d of made) expect(stdout.text).toContain(d.text);
    expect(stdout.text).toMatch(/predicted engagement \d+\.\d\d %/);
    expect(stdout.text).toContain('too little measured history');
    const stored = await t.deps.content.drafts.list({ persona_id: 'cli_bo', limit: 10 });
    expect(stored.map((d) => d.id).sort()).toEqual(made.map((d) => d.id).sort());
  });

  it('prints JSON lines without a bar when nobody watches', async () => {
    const stdout = new Capture(false);
    const stderr = new Capture(false);
    await runGenerate(
      t.deps.content.drafts,
      { persona_id: 'cli_bo', count: 2, seed: 5 },
      { stdout, stderr },
      true,
    );
    expect(stderr.text).toBe('');
    const lines = stdout.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { persona_id: string; status: string });
    expect(lines).toHaveLength(2);
    expect(lines.every((l) => l.persona_id === 'cli_bo' && l.status === 'pending')).toBe(true);
  });
});
