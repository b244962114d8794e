import { mulberry32 } from '../../src/lib/random.js';
import { splitSentences } from '../../src/nlp/sentences.js';
import { tokenize } from '../../src/nlp/tokenize.js';
import type { EmotionVector } from '../../src/patterns/emotions.js';
import type { Nlp } from '../../src/patterns/extract.js';
import type { ViralPost } from '../../src/patterns/schemas.js';

/** A valid ViralPost (the seed's example) with overrides. */
export function makePost(overrides: Partial<ViralPost> = {}): ViralPost {
  return {
    content: 'Just discovered this incredible Python library that automates 90% of my data analysis!',
    account_id: 'test_user',
    post_url: 'https://threads.net/test/post1',
    timestamp: '2025-08-03T20:11:51.000Z',
    likes: 1500,
    comments: 300,
    shares: 150,
    engagement_rate: 0.85,
    performance_percentile: 95.0,
    ...overrides,
  };
}

const OPENINGS = [
  'Just discovered a tool that cut my editing time by 40%.',
  'Unpopular opinion: posting every day is killing your reach.',
  '2 years ago I was broke. Today I run a small design studio.',
  'How to write a hook people actually stop for 🧵',
  '7 ways to grow on Threads without paying for ads:',
  'Nobody talks about the boring part of building an audience.',
  'BREAKING: the algorithm now favours replies over likes.',
  'Why do most creators quit after three months?',
  'Story time: I got rejected by 30 clients in a row.',
  'Trusted by 10,000 founders, this checklist still surprises me.',
  'We shipped the new onboarding flow last week.',
  'Quiet Sunday, coffee and a long walk by the river.',
];

const BODIES = [
  'The trick was to stop guessing and start measuring what people actually replied to.',
  'I tested it on 50 posts and kept a spreadsheet of every result.',
  'Most advice online is recycled, so I went back to the raw numbers.',
  'It felt awkward at first, but the replies changed the whole conversation.',
  'Here is the short version, with the mistakes I made along the way.',
  'I honestly did not expect it to work this well 😅',
  'The team argued about it for a week before we tried it.',
  'Small changes compound faster than you think.',
  'I wrote everything down so you do not have to repeat my mistakes.',
  'The results were mixed, and that is fine.',
];

const CLOSINGS = [
  'What would you try first?',
  'Comment "GUIDE" and I will send you the template.',
  'Save this for later.',
  'Follow for more 👇',
  'Only 5 spots left in the next cohort.',
  '#buildinpublic #creators',
  'Thoughts?',
  '',
];

/**
 * `n` deterministic synthetic posts of 200–300 characters mixing hook openings, plain bodies
 * and closings (some with no hook at all), for benchmarks and large-input tests. The counter
 * in each keeps contents distinct, so a content cache never hits.
 */
export function syntheticPosts(n: number, seed = 20250803): ViralPost[] {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const posts: ViralPost[] = [];
  for (let i = 0; i < n; i++) {
    let content = pick(OPENINGS);
    while (content.length < 200) content += `${rnd() < 0.3 ? '\n\n' : ' '}${pick(BODIES)}`;
    const closing = pick(CLOSINGS);
    if (closing && content.length + closing.length + 2 <= 290) content += `\n\n${closing}`;
    content = `${trimTo(content, 290)} #${i}`;
    posts.push(
      makePost({
        content,
        account_id: `acct_${i % 20}`,
        post_url: `https://threads.net/@acct_${i % 20}/post/${i}`,
        likes: Math.floor(rnd() * 5000),
        comments: Math.floor(rnd() * 500),
        shares: Math.floor(rnd() * 300),
        engagement_rate: Math.round(rnd() * 1000) / 1000,
        performance_percentile: Math.round(rnd() * 1000) / 10,
      }),
    );
  }
  return posts;
}

function trimTo(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.lastIndexOf(' ', max);
  return text.slice(0, cut > 0 ? cut : max);
}

/**
 * An Nlp with the real tokenizer and sentence splitter but a fixed emotion vector, sentiment
 * and clickbait score, for tests whose expectations must not move when a model is retrained.
 */
export function fixedNlp(emotions: Partial<EmotionVector> = {}, clickbait = 0): Nlp {
  const vector: EmotionVector = {
    anger: 0,
    disgust: 0,
    fear: 0,
    joy: 0,
    sadness: 0,
    surprise: 0,
    excitement: 0,
    neutral: 1,
    ...emotions,
  };
  return {
    analyze: (text) => ({
      tokens: tokenize(text),
      sentences: splitSentences(text),
      sentiment: { compound: 0, positive: 0, negative: 0, neutral: 1 },
      emotions: vector,
    }),
    clickbait: () => clickbait,
    emotionThresholds: {
      anger: 0.3,
      disgust: 0.3,
      fear: 0.3,
      joy: 0.3,
      sadness: 0.3,
      surprise: 0.3,
      excitement: 0.3,
    },
  };
}
