import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WordMemo } from './token.js';
import { tokenize, wordCount, type Token } from './tokenize.js';
import { adversarial } from '../../test/helpers/linear-time.js';

const show = (tokens: Token[]): string[] => tokens.map((t) => `${t.kind}:${t.text}`);

describe(tokenize.name, () => {
  it('types words, numbers, punctuation and lower-cases the norm', () => {
    const sut = tokenize;
    const tokens = sut("Don't STOP now, it's 2nd time!!!");
    expect(show(tokens)).toEqual([
      "word:Don't",
      'word:STOP',
      'word:now',
      'punct:,',
      "word:it's",
      'number:2nd',
      'word:time',
      'punct:!!!',
    ]);
    expect(tokens.map((t) => t.norm).slice(0, 2)).toEqual(["don't", 'stop']);
  });

  it('normalises curly apostrophes in the norm but keeps the text', () => {
    const sut = tokenize;
    const [t] = sut('It’s');
    expect(t).toEqual({
      text: 'It’s',
      norm: "it's",
      kind: 'word',
      start: 0,
      end: 4,
      memo: expect.any(WordMemo),
    });
  });

  it('gives the tokens of a recurring text one shared WordMemo, and other texts their own', () => {
    // the first sighting is not interned: its token gets a memo of its own
    const [first, a, b, c] = tokenize('sunny sunny rainy sunny');
    const [d] = tokenize('sunny again');
    expect(first!.memo).not.toBe(a!.memo);
    expect(a!.memo).toBe(c!.memo);
    expect(a!.memo).toBe(d!.memo);
    expect(a!.memo).not.toBe(b!.memo);
    const long = 'x'.repeat(40);
    const [e, f] = tokenize(`${long} ${long}`);
    expect(e!.memo).not.toBe(f!.memo);
  });

  it('does not let one-off tokens evict a recurring word from the intern table', () => {
    tokenize('cloudy');
    const [kept] = tokenize('cloudy');
    // 20,000 distinct tokens over 4,096 direct-mapped slots: admitted, they would evict it
    for (let i = 0; i < 20_000; i++) tokenize(`post #${i} by @user${i}`);
    const [again] = tokenize('cloudy');
    expect(again!.memo).toBe(kept!.memo);
    const [, once] = tokenize('#123456789');
    const [, twice] = tokenize('#123456789');
    expect(once!.memo).not.toBe(twice!.memo);
  });

  it('keeps ZWJ families, skin tones, flags, tag flags and keycaps as single emoji', () => {
    const sut = tokenize;
    const input = '👩‍👩‍👧‍👦 👍🏽 🇯🇵 🏴󠁧󠁢󠁥󠁮󠁧󠁿 1️⃣ ❤️ 😍🔥';
    expect(show(sut(input))).toEqual([
      'emoji:👩‍👩‍👧‍👦',
      'emoji:👍🏽',
      'emoji:🇯🇵',
      'emoji:🏴󠁧󠁢󠁥󠁮󠁧󠁿',
      'emoji:1️⃣',
      'emoji:❤️',
      'emoji:😍',
      'emoji:🔥',
    ]);
  });

  it('makes each Han, Hiragana and Katakana character a word, but not CJK punctuation', () => {
    const sut = tokenize;
    expect(show(sut('東京のカフェ。'))).toEqual([
      'word:東',
      'word:京',
      'word:の',
      'word:カ',
      'word:フ',
      'word:ェ',
      'punct:。',
    ]);
  });

  it('keeps accented and Hangul words whole', () => {
    const sut = tokenize;
    expect(show(sut('Café naïve Zürich 한국어'))).toEqual([
      'word:Café',
      'word:naïve',
      'word:Zürich',
      'word:한국어',
    ]);
    expect(sut('Zürich')[0]?.norm).toBe('zürich');
  });

  it('finds URLs without swallowing the sentence full stop', () => {
    const sut = tokenize;
    expect(show(sut('See https://example.com/a_(b). Or www.x.io, ok'))).toEqual([
      'word:See',
      'url:https://example.com/a_(b)',
      'punct:.',
      'word:Or',
      'url:www.x.io',
      'punct:,',
      'word:ok',
    ]);
  });

  it('finds mentions and hashtags but not e-mail addresses, C# or #1', () => {
    const sut = tokenize;
    expect(show(sut('@bob. #growth #日本 #1 C# a@b'))).toEqual([
      'mention:@bob',
      'punct:.',
      'hashtag:#growth',
      'hashtag:#日本',
      'punct:#',
      'number:1',
      'word:C',
      'punct:#',
      'word:a',
      'punct:@',
      'word:b',
    ]);
  });

  it('reads money, decimals, times, percentages and multipliers as one number', () => {
    const sut = tokenize;
    expect(show(sut('$2.5M 10,000 12:30pm 50% 10x €5 £3 4ever'))).toEqual([
      'number:$2.5M',
      'number:10,000',
      'number:12:30pm',
      'number:50%',
      'number:10x',
      'number:€5',
      'number:£3',
      'number:4',
      'word:ever',
    ]);
  });

  it('keeps emoticons whole and does not invent them inside ordinary punctuation', () => {
    const sut = tokenize;
    expect(show(sut(":) :-( <3 ;) :'( xD ^_^ (: :)))"))).toEqual([
      'punct::)',
      'punct::-(',
      'punct:<3',
      'punct:;)',
      "punct::'(",
      'punct:xD',
      'punct:^_^',
      'punct:(:',
      'punct::)))',
    ]);
    expect(show(sut('(a lot): Note: yes <30'))).toEqual([
      'punct:(',
      'word:a',
      'word:lot',
      'punct:)',
      'punct::',
      'word:Note',
      'punct::',
      'word:yes',
      'punct:<',
      'number:30',
    ]);
  });

  it('groups !? runs and dot runs', () => {
    const sut = tokenize;
    expect(show(sut('What?!? no... ok…'))).toEqual([
      'word:What',
      'punct:?!?',
      'word:no',
      'punct:...',
      'word:ok',
      'punct:…',
    ]);
  });

  it('returns tokens in order, non-overlapping, each equal to its input slice (property)', () => {
    const sut = tokenize;
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        const tokens = sut(s);
        let last = 0;
        for (const t of tokens) {
          expect(t.start).toBeGreaterThanOrEqual(last);
          expect(t.end).toBeGreaterThan(t.start);
          expect(t.text).toBe(s.slice(t.start, t.end));
          last = t.end;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on social-looking text mixed with random code points (property)', () => {
    const sut = tokenize;
    const piece = fc.oneof(
      fc.constantFrom(
        'http://',
        'www.',
        '@',
        '#',
        ':)',
        '<3',
        '!?',
        '...',
        '’',
        '👍🏽',
        '\u200d',
        '\ufe0f',
        '日本',
        '$1',
        ' ',
      ),
      fc.string({ unit: 'grapheme', maxLength: 5 }),
      fc.string({ unit: 'binary-ascii', maxLength: 5 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const s = parts.join('');
        const tokens = sut(s);
        for (const t of tokens) expect(t.text).toBe(s.slice(t.start, t.end));
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ['letters', adversarial('a')],
    ['spaces', adversarial(' ')],
    ['!? runs', adversarial('!?')],
    ['emoji runs', adversarial('😍')],
    ['a long URL', 'http://' + adversarial('a')],
    ['mentions of dots', '@' + adversarial('.')],
    ['hashtag of digits', '#' + adversarial('1')],
    ['emoticon eyes', adversarial(':')],
    ['skin tones', adversarial('🏽')],
    ['apostrophes', adversarial("a'")],
  ])('tokenizes a megabyte of %s (linear: a quadratic scan would time out)', (_name, input) => {
    const tokens = tokenize(input);
    expect(tokens.length).toBeGreaterThanOrEqual(input.trim() === '' ? 0 : 1);
    for (const t of [tokens[0], tokens.at(-1)]) if (t) expect(t.text).toBe(input.slice(t.start, t.end));
  });
});

describe(wordCount.name, () => {
  it('counts words, numbers, hashtags, mentions and links but not emoji or punctuation', () => {
    const sut = wordCount;
    expect(sut(tokenize('I grew 10k in 90 days 🚀!! #growth @bob https://x.io'))).toBe(9);
  });

  it('counts each CJK character as a word', () => {
    const sut = wordCount;
    expect(sut(tokenize('日本語のテキスト'))).toBe(8);
  });
});
