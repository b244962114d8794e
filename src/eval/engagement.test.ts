import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../lib/random.js';
import {
  engagementEvaluator,
  evaluateEngagement,
  parseEngagementRow,
  type EngagementRow,
} from './engagement.js';

const DAY = 86_400_000;

/**
 * Two accounts whose posts published in the evening (18:00 UTC) reach ~4× the engagement of their
 * morning posts (06:00 UTC), with noise; what the text says, and whether it has a link, means
 * nothing. The first account is three times as big.
 */
function history(account: string, size: number, seed: number): EngagementRow[] {
  const rnd = mulberry32(seed);
  return Array.from({ length: 120 }, (_, i) => {
    const evening = rnd() < 0.5;
    const link = rnd() < 0.5;
    const noise = Math.exp((rnd() - 0.5) * 0.8);
    return {
      id: `${account}-${i}`,
      account,
      text: `Update number ${i} on the project.${link ? ' https://t.co/x' : ''}`,
      time: Date.UTC(2025, 0, 1) + i * DAY + (evening ? 18 : 6) * 3_600_000,
      likes: Math.round(size * (evening ? 4 : 1) * noise),
      reposts: 0,
      replies: 0,
      quotes: 0,
    };
  });
}

describe(evaluateEngagement.name, () => {
  const rows = [...history('big', 300, 1), ...history('small', 100, 2)];
  const sut = evaluateEngagement(rows);

  it('trains on each account’s first 70 % and scores the rest', () => {
    expect(sut.metrics['train_posts']).toBe(2 * 84);
    expect(sut.metrics['test_posts']).toBe(2 * 36);
    expect(sut.accounts.map((a) => a.account)).toEqual(['big', 'small']);
  });

  it('finds what drives engagement where the baselines cannot', () => {
    expect(sut.metrics['pairwise_accuracy']).toBeGreaterThan(0.9);
    expect(sut.metrics['no_link_pairwise_accuracy']).toBeLessThan(0.7);
    expect(sut.metrics['margin_over_best_baseline']).toBeGreaterThan(0.2);
    const top = sut.accounts[0]!.effects[0]!;
    expect(top.feature).toBe('timing:hour_16_20');
    expect(top.text).toMatch(/^posts published 16:00–20:00 UTC do \d+ % better for you$/);
  });

  it('reports interval coverage as deployed and frozen, and per-account figures', () => {
    expect(sut.metrics['interval_coverage']).toBeGreaterThan(0.6);
    expect(sut.metrics['interval_coverage_frozen']).toBeGreaterThan(0.6);
    expect(sut.metrics['small.pairwise_accuracy']).toBeGreaterThan(0.8);
  });

  it('gives the same figures for the same rows in any order', () => {
    const again = evaluateEngagement([...rows].reverse());
    expect(again.metrics).toEqual(sut.metrics);
    expect(again.model_version).toBe(sut.model_version);
  });
});

describe(parseEngagementRow.name, () => {
  const row = {
    id: 1,
    account: 'a',
    text: 'hi',
    timestamp: '2017-01-01T10:00:00Z',
    likes: 1,
    reposts: 2,
    replies: 3,
    quotes: 0,
  };

  it('reads a row, ids as strings and the time in ms', () => {
    expect(parseEngagementRow(row)).toMatchObject({ id: '1', time: Date.parse('2017-01-01T10:00:00Z') });
  });

  it('names the field at fault', () => {
    expect(() => parseEngagementRow({ ...row, timestamp: 'yesterday' })).toThrow(/field "timestamp"/);
    expect(() => parseEngagementRow({ ...row, likes: -1 })).toThrow(/field "likes": expected a count/);
    expect(() => parseEngagementRow({ ...row, account: undefined })).toThrow(/field "account"/);
  });

  it('is the evaluator’s row parser', () => {
    expect(engagementEvaluator.parseRow(row, 1).account).toBe('a');
  });
});
