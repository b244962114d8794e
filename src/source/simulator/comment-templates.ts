/**
 * Replies with a known true intent. Each label has many templates with slots (product,
 * keyword, topic, price, friend, link…) and every text then goes through random surface noise
 * (case, punctuation, openers, emoji, stretched letters, typos), so a classifier cannot pass by
 * memorising strings. Some templates are deliberately close to another label ("dm me the link"
 * is purchase intent, "DM me for collab" is spam; "price?" is purchase intent, "source?" is a
 * question) because real replies are like that.
 */
import type { CommentLabel } from '../threads-source.js';
import type { SimAccount } from './demo-content.js';
import type { Rng } from './random.js';

export interface CommentContext {
  account: SimAccount;
  /** the post's CTA keyword, when it asks for one */
  keyword: string | undefined;
}

const TEMPLATES: Record<CommentLabel, readonly string[]> = {
  purchase_intent: [
    '{keyword}',
    '{keyword} please 🙏',
    '{keyword}!!',
    '{keyword} {keyword}',
    'how much is the {product}?',
    'price?',
    'how much?',
    'where can I get the {product}',
    'where can i buy this',
    'need this',
    'I need the {product} asap',
    'take my money',
    'is the {product} still available?',
    'do you ship to {country}?',
    'link pls',
    'dm me the link',
    'how do I buy the {product}?',
    'can I get the {product} as a gift for my {relative}?',
    'is there a discount code for the {product}?',
    'sign me up',
    "I'd pay for this honestly",
    'how do I order',
    'buying this tonight',
    'is {price} the final price or is there a monthly fee?',
    'does the {product} come with lifetime access?',
    'want it. where do I pay?',
    "just commented {keyword}, didn't get the dm yet",
    'Interested! how do I get the {product}',
  ],
  question: [
    'does this work for beginners?',
    'how long did it take you to see results?',
    'how often should I do this?',
    'is this still true in {year}?',
    'can you explain the part about {topic}?',
    'any tips for {topic}?',
    'what would you do differently if you started over?',
    'does this apply to {topic} too?',
    'how do you find the time for this?',
    'what if I only have {minutes} minutes a day?',
    'source?',
    'is this beginner friendly?',
    'how did you get started with {topic}?',
    "what's the best way to start with {topic}?",
    'how do you stay consistent?',
    'could you do a post on {topic}?',
    'wait, why does that work?',
    'is it ok to skip a week or does it reset everything?',
    'what do you think about {topic} for someone in their 40s?',
    'does the order matter?',
    'how do you deal with {topic} when you travel?',
    'which one would you pick first?',
  ],
  praise: [
    'this is gold',
    'saving this 🔥',
    'needed this today',
    'you never miss',
    'best advice on here',
    'so true',
    'love this!',
    'this changed how I think about {topic}',
    'bookmarking this',
    'thank you for sharing this',
    'exactly what I needed to hear',
    'this is so underrated',
    'your posts are always so helpful',
    'incredible thread 🙌',
    'been following for a year and this is your best one',
    '100% agree',
    'facts',
    'the {topic} part is spot on',
    'my {relative} needs to read this',
    'wish I knew this 10 years ago',
    'clear and simple, love it',
    'you explained {topic} better than any course I paid for',
  ],
  complaint: [
    "this didn't work for me at all",
    'ordered the {product} {weeks} weeks ago and still nothing',
    'too expensive tbh',
    'every post is an ad now',
    'the link is broken',
    'unfollowing, this is just clickbait',
    'I tried this and got worse results',
    'support never answered my email about the {product}',
    'misleading. the post says one thing and the {product} says another',
    'I want a refund, the {product} is not what you described',
    '{price} for a pdf? no thanks',
    'this is terrible advice for {topic}',
    'your last five posts are the same post',
    'I paid and never got access',
    'commented {keyword} three days ago, still no dm. annoying',
    'honestly disappointed, expected more from you',
    'this is dangerous advice for beginners',
    'the app keeps crashing since the update',
  ],
  spam: [
    'check my channel for more 🔥',
    '🔥 follow me for daily {topic} tips 🔥',
    'I made ${money} a week with crypto, DM me to learn how',
    'visit {url} for free followers',
    '{url} free gift card 🎁',
    'nice post! check out my page',
    'DM me for collab 💰',
    'earn money from home 👉 {url}',
    'sub to my channel pls',
    'who wants a free iPhone? link in bio',
    'promote your account with @{spammer}',
    'buy followers cheap {url}',
    'hey dear, check your DM ❤️',
    'Investment opportunity 💯 message me',
    'follow back? 🙏 I follow everyone back',
    'go to my profile for the full video 🔞',
    'Congratulations! you have been selected, claim at {url}',
    'forex signals that actually work, join {url}',
  ],
  other: [
    'first',
    'lol',
    '@{friend} look at this',
    '@{friend} this is literally you',
    'haha',
    'watching this at 3am',
    'same',
    'ok',
    'the algorithm brought me here',
    'hi from {country}!',
    '👀',
    '😂😂',
    'my cat just walked on my keyboard',
    'commenting for reach',
    '@{friend}',
    'me at 2am reading this instead of sleeping',
    'it is raining here again',
    'this reminds me of my {relative}',
    'hmm',
    'ok but the font on your profile is cute',
  ],
};

const CREATOR_REPLIES = [
  '@{author} thank you!',
  '@{author} check your DMs 📩',
  '@{author} yes, it works for beginners too',
  '@{author} sent!',
  '@{author} great question, I will make a post about it',
  '@{author} the link is in my bio',
];

const COUNTRIES = [
  'Brazil',
  'Canada',
  'the UK',
  'Nigeria',
  'India',
  'Germany',
  'Australia',
  'the Philippines',
];
const RELATIVES = ['mom', 'dad', 'sister', 'brother', 'partner', 'best friend', 'coworker'];
const FRIENDS = ['jake_m', 'lena.k', 'tomasz_w', 'priya.codes', 'ale_gomez', 'nina_b', 'chris.t'];
const SPAMMERS = ['growth.boost.pro', 'followers_hub_24', 'promo.king'];
const DOMAINS = ['bit.ly', 'tinyurl.com', 'free-followers.xyz', 'cashapp-gift.top', 'win-prize.click'];
const OPENERS = ['omg ', 'ngl ', 'wait ', 'honestly ', 'ok ', 'yo ', 'hey ', ''];
const EMOJI = ['🔥', '🙏', '😍', '💯', '👏', '🙌', '😅', '❤️', '👀'];

export const LABEL_WEIGHTS_BASE: Readonly<Record<CommentLabel, number>> = {
  purchase_intent: 0.1,
  question: 0.18,
  praise: 0.26,
  complaint: 0.08,
  spam: 0.12,
  other: 0.26,
};

/** Intent of the next reply. A post that asks for a keyword draws far more purchase intent. */
export function pickLabel(rng: Rng, ctx: CommentContext): CommentLabel {
  const w = { ...LABEL_WEIGHTS_BASE };
  if (ctx.keyword !== undefined) {
    w.purchase_intent += 0.2;
    w.praise -= 0.1;
    w.other -= 0.1;
  }
  let u = rng.next() * Object.values(w).reduce((a, b) => a + b, 0);
  for (const [label, weight] of Object.entries(w) as [CommentLabel, number][]) {
    u -= weight;
    if (u < 0) return label;
  }
  return 'other';
}

function randomUrl(rng: Rng): string {
  const code = Math.floor(rng.next() * 36 ** 6)
    .toString(36)
    .padStart(6, '0');
  const domain = rng.pick(DOMAINS);
  return rng.chance(0.5) ? `https://${domain}/${code}` : `www.${domain}/${code}`;
}

function fill(template: string, rng: Rng, ctx: CommentContext, author = ''): string {
  const keyword = ctx.keyword ?? ctx.account.keyword;
  return template.replace(/\{(\w+)\}/g, (_, slot: string) => {
    switch (slot) {
      case 'keyword':
        return keyword;
      case 'product':
        return ctx.account.product;
      case 'price':
        return ctx.account.price;
      case 'topic':
        return rng.pick(ctx.account.topics);
      case 'country':
        return rng.pick(COUNTRIES);
      case 'relative':
        return rng.pick(RELATIVES);
      case 'friend':
        return rng.pick(FRIENDS);
      case 'spammer':
        return rng.pick(SPAMMERS);
      case 'url':
        return randomUrl(rng);
      case 'money':
        return `${(2 + rng.int(9)).toString()},${rng.pick(['000', '500'])}`;
      case 'year':
        return String(2024 + rng.int(3));
      case 'minutes':
        return String(rng.pick([10, 15, 20, 30]));
      case 'weeks':
        return String(2 + rng.int(5));
      case 'author':
        return author;
      default:
        return slot;
    }
  });
}

/** Surface noise real replies have. Keeps the words (and so the intent) intact. */
function roughen(text: string, rng: Rng, label: CommentLabel): string {
  let out = text;
  if (label !== 'spam' && !out.startsWith('@') && rng.chance(0.2)) out = rng.pick(OPENERS) + out;
  if (rng.chance(0.35)) out = out.toLowerCase();
  else if (out.length < 20 && rng.chance(0.1)) out = out.toUpperCase();
  if (rng.chance(0.25)) out = out.replace(/[.!?]+$/u, '');
  if (rng.chance(0.08)) out = out.replace(/([aeiou])\b/, '$1$1$1');
  if (rng.chance(0.04) && out.length > 6) {
    const i = 1 + rng.int(out.length - 3);
    out = out.slice(0, i) + (out[i + 1] ?? '') + (out[i] ?? '') + out.slice(i + 2);
  }
  if (rng.chance(0.2)) out = `${out} ${rng.pick(EMOJI)}`;
  return out;
}

export function commentText(rng: Rng, label: CommentLabel, ctx: CommentContext, replyTo?: string): string {
  const text = roughen(fill(rng.pick(TEMPLATES[label]), rng, ctx), rng, label);
  return replyTo !== undefined && rng.chance(0.5) && !text.startsWith('@') ? `@${replyTo} ${text}` : text;
}

/** The creator answering a reply; labelled `other` (it is nobody's intent to buy). */
export function creatorReplyText(rng: Rng, ctx: CommentContext, author: string): string {
  return fill(rng.pick(CREATOR_REPLIES), rng, ctx, author);
}

export function templateCount(label: CommentLabel): number {
  return TEMPLATES[label].length;
}

const FIRST = [
  'maria',
  'jt',
  'coffee',
  'alex',
  'sofia',
  'kenji',
  'olu',
  'emma',
  'noah',
  'aisha',
  'liam',
  'zoe',
  'mateo',
  'hana',
  'ivan',
  'lucy',
  'omar',
  'chloe',
  'dev',
  'ana',
  'ben',
  'ines',
  'kai',
  'mia',
];
const SECOND = [
  'k',
  'builds',
  'and_code',
  'runs',
  'eats',
  'lifts',
  'reads',
  'travels',
  'writes',
  'b',
  'x',
  'daily',
];
const SPAM_FIRST = ['crypto', 'promo', 'free', 'cash', 'growth', 'deals', 'viral', 'lucky'];
const SPAM_SECOND = ['king', 'hub', 'boost', 'gift', 'queen', 'pro', 'winner', 'official'];

/** A pool of plausible handles; the head of the list replies most (see `pickAuthor`). */
export function authorPool(rng: Rng, size: number): string[] {
  const pool = new Set<string>();
  while (pool.size < size) {
    const sep = rng.pick(['.', '_', '']);
    const suffix = rng.chance(0.4) ? String(rng.int(100)) : '';
    pool.add(`${rng.pick(FIRST)}${sep}${rng.pick(SECOND)}${suffix}`);
  }
  return [...pool];
}

export function spamAuthorPool(rng: Rng, size: number): string[] {
  const pool = new Set<string>();
  while (pool.size < size) {
    pool.add(`${rng.pick(SPAM_FIRST)}_${rng.pick(SPAM_SECOND)}${String(rng.int(1000))}`);
  }
  return [...pool];
}

/** Skewed pick: a few regulars reply under many posts, most people once. */
export function pickAuthor(rng: Rng, pool: readonly string[]): string {
  const u = rng.next();
  return pool[Math.floor(u * u * pool.length)] ?? pool[0] ?? 'someone';
}
