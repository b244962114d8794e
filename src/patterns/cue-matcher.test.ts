import { describe, expect, it } from 'vitest';
import { CueIndex, emojiKey, type CueSpec } from './cue-matcher.js';
import { contextOf } from './text-context.js';

function matches(specs: CueSpec[], text: string, maxPerCue?: number): string[] {
  const ctx = contextOf(text);
  return new CueIndex([specs])
    .matchAll(ctx, maxPerCue)
    .map((m) => text.slice(ctx.tokens[m.from]!.start, ctx.tokens[m.to - 1]!.end));
}

describe(CueIndex.name, () => {
  it('matches whole tokens only, case-insensitively', () => {
    expect(matches([{ p: 'breaking', w: 0.5 }], 'Heartbreaking. BREAKING news. unbreakable')).toEqual([
      'BREAKING',
    ]);
  });

  it('matches alternatives, curly apostrophes and multi-token phrases', () => {
    expect(matches([{ p: "don't|won't tell you", w: 0.5 }], 'They won’t tell you this.')).toEqual([
      'won’t tell you',
    ]);
  });

  it('bounds gaps and keeps ".." inside the sentence while "..." may cross it', () => {
    const inside = [{ p: 'increased ..3 by #pct', w: 0.5 }];
    expect(matches(inside, 'It increased our revenue by 40%.')).toEqual(['increased our revenue by 40%']);
    expect(matches(inside, 'It increased the total monthly revenue by 40%.')).toEqual([]);
    expect(matches(inside, 'It increased. By 40%.')).toEqual([]);
    expect(matches([{ p: 'ago ...5 today', w: 0.5 }], 'Years ago I was lost. Today I am not.')).toEqual([
      'ago I was lost. Today',
    ]);
  });

  it('tries optional tokens with and without', () => {
    const specs = [{ p: '#count ?#word ways', w: 0.5 }];
    expect(matches(specs, '7 ways to win')).toEqual(['7 ways']);
    expect(matches(specs, '7 simple ways to win')).toEqual(['7 simple ways']);
  });

  it('matches token classes: percent, multiplier, money, big numbers (not years) and all caps', () => {
    expect(matches([{ p: '#pct', w: 0.5 }], 'up 40% from 3')).toEqual(['40%']);
    expect(matches([{ p: '#mult', w: 0.5 }], '10x faster, 3 x')).toEqual(['10x']);
    expect(matches([{ p: '#money', w: 0.5 }], 'costs $500 or 500')).toEqual(['$500']);
    expect(matches([{ p: '#many', w: 0.5 }], 'in 2024 we had 10k and 2,000 and 99')).toEqual([
      '10k',
      '2,000',
    ]);
    expect(matches([{ p: 'comment #caps', w: 0.5 }], 'Comment LINK or comment link or Comment A')).toEqual([
      'Comment LINK',
    ]);
  });

  it('compares emoji without variation selectors or skin tones', () => {
    expect(emojiKey('⚠️')).toBe('⚠');
    expect(emojiKey('👍🏽')).toBe('👍');
    expect(matches([{ p: '⚠', w: 0.5 }], 'Careful ⚠️ now')).toEqual(['⚠️']);
  });

  it('anchors cues at a sentence start, a line start or the post start', () => {
    expect(matches([{ p: 'stop', w: 0.5, at: 'sentence' }], 'Stop it. The bus stop. 🚀 Stop!')).toEqual([
      'Stop',
      'Stop',
    ]);
    expect(matches([{ p: '#num .', w: 0.5, at: 'line' }], '1. one\n2. two and 3. three')).toEqual([
      '1.',
      '2.',
    ]);
    expect(matches([{ p: 'so', w: 0.5, at: 'post' }], 'So it begins. So it ends.')).toEqual(['So']);
  });

  it('skips the cues of a start word only when no second token of theirs follows', () => {
    const withSeconds = [
      { p: 'i was', w: 0.5 },
      { p: 'i found ?a', w: 0.5 },
      { p: 'i|we used to', w: 0.5 },
    ];
    expect(matches(withSeconds, 'I tried. I was there, we used to go and I found a way.')).toEqual([
      'I was',
      'we used to',
      'I found a',
    ]);
    // one cue without a required second token: the start word's cues are always tried
    const loose = [...withSeconds, { p: 'i ?really', w: 0.5 }, { p: 'i #num', w: 0.5 }];
    expect(matches(loose, 'I tried, I 2 and I was.')).toEqual(['I', 'I', 'I 2', 'I was', 'I']);
    // the same for the cues of a token class
    const byClass = [
      { p: '#num percent', w: 0.5 },
      { p: '#num times faster', w: 0.5 },
    ];
    expect(matches(byClass, '5 apples, 5 percent, 3 times faster')).toEqual(['5 percent', '3 times faster']);
    expect(matches([...byClass, { p: '#num', w: 0.5 }], '5 apples')).toEqual(['5']);
  });

  it('reports a cue at most maxPerCue times', () => {
    expect(matches([{ p: 'you', w: 0.5 }], 'you you you you', 2)).toHaveLength(2);
  });

  it('rejects malformed cues when compiled', () => {
    expect(() => new CueIndex([[{ p: '..3 word', w: 0.5 }]])).toThrow(/must start with a token/);
    expect(() => new CueIndex([[{ p: 'word ..3', w: 0.5 }]])).toThrow(/must not end with a gap/);
    expect(() => new CueIndex([[{ p: '#nope', w: 0.5 }]])).toThrow(/unknown token class/);
    expect(() => new CueIndex([[{ p: 'word', w: 1 }]])).toThrow(/weight/);
  });
});
