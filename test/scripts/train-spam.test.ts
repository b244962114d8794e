import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLinearModel } from '../../src/nlp/linear.js';
import { trainSpam } from '../../scripts/train-spam.js';

const SPAM = [
  'Huh, anyway check out this you[tube] channel: kobyoshi02',
  'Subscribe to my channel for more videos!',
  'check out my new song http://example.com/song',
  'Sub my channel!',
];
const HAM = [
  "I'm only checking the views",
  'just checking the views',
  'Love this song',
  'Came here to check the views, goodbye.',
];

function fixtureDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'train-spam-'));
  mkdirSync(join(dir, 'youtube-spam'));
  const lines: string[] = [];
  ['psy', 'katyperry', 'lmfao'].forEach((video, v) => {
    const row = (text: string, label: string, i: number) =>
      JSON.stringify({
        id: `${video}-${label}-${i}`,
        video,
        author: 'a',
        date: '2014-01-01',
        text: `${text} ${v}`,
        label,
      });
    SPAM.forEach((t, i) => lines.push(row(t, 'spam', i)));
    HAM.forEach((t, i) => lines.push(row(t, 'ham', i)));
  });
  writeFileSync(join(dir, 'youtube-spam/dev.jsonl'), `${lines.join('\n')}\n`);
  // real non-spam text: Reddit comments and tweets with links and @mentions
  mkdirSync(join(dir, 'goemotions'));
  writeFileSync(
    join(dir, 'goemotions/train.jsonl'),
    ['I will check it out, thanks', 'This sub is great', 'Go to bed lol', 'my channel of thought is broken']
      .map((text, i) => JSON.stringify({ id: `g${i}`, text, labels: ['neutral'] }))
      .join('\n') + '\n',
  );
  mkdirSync(join(dir, 'tweet-acts'));
  writeFileSync(
    join(dir, 'tweet-acts/dev.jsonl'),
    [
      '@brand my order never arrived http://t.co/x1',
      'RT @news: mayor resigns http://t.co/x2',
      '@jk_rowling look what I drew http://t.co/x3',
      '@brand where is my refund?',
      'Big news today http://t.co/x4 #news',
    ]
      .map((text, i) =>
        JSON.stringify({
          id: `t${i}`,
          text,
          label: 'not_question',
          source_label: 'STM',
          reply: text.startsWith('@'),
        }),
      )
      .join('\n') + '\n',
  );
  return dir;
}

describe(trainSpam.name, () => {
  it('writes the same bytes on every run and reports one leave-one-video-out figure per video', () => {
    const dir = fixtureDir();
    const sut = trainSpam(dir);
    expect(trainSpam(dir).model).toBe(sut.model);
    expect(Object.keys(sut.leaveOneVideoOut).sort()).toEqual(['katyperry', 'lmfao', 'pooled', 'psy']);
    expect(sut.leaveOneVideoOut['pooled']!.n).toBe(24);
    const model = loadLinearModel(JSON.parse(sut.model));
    expect(model.version).toBe('spam.v2');
    expect(model.thresholds['spam']).toBeGreaterThanOrEqual(0.2);
  });
});
