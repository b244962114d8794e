/**
 * Features of the comment spam classifier: hashed word unigrams/bigrams and cues that carry
 * over from one video to another (Alberto et al. 2015, TubeSpam): links and bare domains,
 * self-promotion ("check out my channel", "subscribe"), money and prize offers, contact
 * requests, shouting (ALL CAPS ratio), long digit runs. Shared by src/nlp/spam.ts and
 * scripts/train-spam.ts.
 *
 * Char 3–5-grams were tried and left out: trained on two videos and tested on the third, they
 * lowered spam F1 from 0.94 to 0.93 (their thousands of features drown the cues); see
 * docs/evaluation.md.
 */
import { FeatureVector, cueHash, extractFeatures, type FeatureSpec } from './linear.js';
import { PhraseIndex, phraseEntries } from './phrases.js';
import { tokenize, type Token } from './tokenize.js';

export const SPAM_FEATURES: FeatureSpec = { unigrams: true, bigrams: true, charNgrams: null };

/** Only a comment's first 2,000 chars are read: spam shows itself early, and cost stays bounded. */
export const SPAM_MAX_CHARS = 2000;

/** Tokens of the part of `text` the classifier reads. */
export function spamTokens(text: string): Token[] {
  return tokenize(text.length > SPAM_MAX_CHARS ? text.slice(0, SPAM_MAX_CHARS) : text);
}

/** The tokens, of an already tokenised comment, that lie in the part the classifier reads. */
export function spamTokensOf(tokens: readonly Token[]): readonly Token[] {
  let n = tokens.length;
  while (n > 0 && tokens[n - 1]!.end > SPAM_MAX_CHARS) n--;
  return n === tokens.length ? tokens : tokens.slice(0, n);
}

const TLDS = new Set([
  'com',
  'net',
  'org',
  'ly',
  'be',
  'tk',
  'info',
  'biz',
  'co',
  'io',
  'me',
  'tv',
  'gl',
  'us',
  'xyz',
]);

/**
 * Phrase cues. Promotion is split by whose thing is pushed: `promo_own` ("my channel", "check
 * out my", "link in bio") is the spammer's own plug, `promo_call` ("check out", "subscribe",
 * "visit") is a call to act that ordinary people write too ("I'll check it out"). A customer's
 * grievance ("refund", "my order", "never arrived") is its own cue, so a complaint that carries
 * a link or an @mention has evidence against spam.
 */
const PHRASES: Record<string, string[]> = {
  promo_own: [
    'check out my',
    'check my',
    'checkout my',
    'visit my',
    'my channel',
    'my youtube',
    'my instagram',
    'my insta',
    'my ig',
    'my tiktok',
    'my page',
    'my profile',
    'my music',
    'my song',
    'my songs',
    'my cover',
    'my new video',
    'my new track',
    'my new song',
    'my track',
    'my mixtape',
    'my rap',
    'my blog',
    'my website',
    'my art',
    'my book',
    'my app',
    'my game',
    'see my',
    'listen to my',
    'hear my',
    'my first subscriber',
    'my subscribers',
    'my latest video',
    'my video',
    'my videos',
    'my shop',
    'my store',
    'my link',
    'my bio',
    'link in bio',
    'link in my bio',
    'subscribe to my',
    'sub to my',
    'subscribe to me',
    'follow me',
    'follow my',
    'follow back',
    'follow for follow',
    'support me',
    'support my',
    'give me a chance',
    'like this comment',
    'like my comment',
    'please like',
    'please subscribe',
    'thumbs up',
    'share this',
  ],
  promo_call: [
    'check out',
    'check it out',
    'checkout',
    'subscribe',
    'subscribers',
    'subscriber',
    'visit',
    'click',
    'go to',
    'thumbs up if',
    'like if',
    'give it a like',
    'share your',
    'search for',
    'look up',
  ],
  money: [
    'money',
    'earn',
    'cash',
    'free',
    'win',
    'winner',
    'prize',
    'gift card',
    'giveaway',
    'offer',
    'discount',
    'promo',
    'paid',
    'income',
    'per day',
    'per hour',
    'a day',
    'profit',
    'loan',
    'casino',
    'dollars',
  ],
  crypto: [
    'bitcoin',
    'btc',
    'crypto',
    'forex',
    'invest',
    'investment',
    'investor',
    'trading',
    'binary options',
  ],
  follower_selling: [
    'buy followers',
    'buy likes',
    'buy views',
    'cheap followers',
    'free followers',
    'free likes',
    'free views',
    'real followers',
    'more followers',
    'gain followers',
    'get followers',
    'instant followers',
    'grow your account',
    'promote your account',
    'boost your',
    'promotion',
  ],
  contact: [
    'whatsapp',
    'telegram',
    'dm me for',
    'text me',
    'call me',
    'email me',
    'contact me',
    'add me',
    'inbox me',
    'check your dm',
    'check your dms',
    'check your inbox',
  ],
  grievance: [
    'refund',
    'my money back',
    'my order',
    'order number',
    'never arrived',
    'never received',
    'still waiting',
    'customer service',
    'customer support',
    'cancel',
    'cancelled',
    'canceled',
    'broken',
    'not working',
    "doesn't work",
    'doesnt work',
    'worst',
    'disappointed',
    'terrible',
    'awful',
    'unacceptable',
    'ridiculous',
    'complaint',
    'delayed',
    'charged',
  ],
};

const PHRASE_CUES = new PhraseIndex(phraseEntries(PHRASES, (cue) => cueHash(`spam:${cue}`)));
const PROMO_OWN = cueHash('spam:promo_own');
const SUBSCRIBE_STEM = /^su[bcs]{1,3}cri/;
const SECOND_PERSON = new Set(['you', 'your', "you're", 'youre', 'u', 'ur', 'yours']);

const CUE = {
  url: cueHash('spam:url'),
  domain: cueHash('spam:domain'),
  mention: cueHash('spam:mention'),
  leadMention: cueHash('spam:lead_mention'),
  urlOwnPromo: cueHash('spam:url_with_own_promo'),
  secondPerson: cueHash('spam:second_person'),
  questionMark: cueHash('spam:question_mark'),
  subscribeStem: cueHash('spam:subscribe_stem'),
  hashtag: cueHash('spam:hashtag'),
  caps: cueHash('spam:caps_ratio'),
  shoutWords: cueHash('spam:shout_words'),
  digits: cueHash('spam:long_number'),
  exclamation: cueHash('spam:exclamation'),
  length: [
    cueHash('spam:len_0_3'),
    cueHash('spam:len_4_10'),
    cueHash('spam:len_11_30'),
    cueHash('spam:len_31_plus'),
  ],
};

/**
 * Append the spam features of a comment to `out`: the n-gram families of `spec` (a model's own
 * spec at inference; `text` is read only for char n-grams) and, unless `cues` is false, the
 * spam cues. Callers pass the tokens of the comment's first SPAM_MAX_CHARS chars.
 */
export function spamFeatures(
  tokens: readonly Token[],
  text: string,
  mask: number,
  out: FeatureVector,
  spec: FeatureSpec = SPAM_FEATURES,
  cues = true,
): FeatureVector {
  extractFeatures(
    tokens,
    text.length > SPAM_MAX_CHARS ? text.slice(0, SPAM_MAX_CHARS) : text,
    spec,
    mask,
    out,
  );
  if (!cues) return out;

  let urls = 0;
  let domains = 0;
  let mentions = 0;
  let hashtags = 0;
  let shout = 0;
  let words = 0;
  let upper = 0;
  let letters = 0;
  let longNumber = false;
  let exclamation = false;
  let questionMark = false;
  let ownPromo = false;
  let secondPerson = 0;
  let leadMention = false;
  const n = tokens.length;
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    let tokenUpper = 0;
    let tokenLetters = 0;
    if (t.kind !== 'url') {
      // Whitespace is all the tokenizer skips, so counting over tokens equals counting over text.
      for (let k = 0; k < t.text.length; k++) {
        const c = t.text.charCodeAt(k);
        if (c >= 0x41 && c <= 0x5a) tokenUpper++;
        else if (c >= 0x61 && c <= 0x7a) tokenLetters++;
      }
      tokenLetters += tokenUpper;
      upper += tokenUpper;
      letters += tokenLetters;
    }
    switch (t.kind) {
      case 'url':
        urls++;
        break;
      case 'mention':
        mentions++;
        // "@brand my order…": addressing someone at the start is how a reply talks to them
        if (i === 0 || (i <= 2 && tokens.slice(0, i).every((p) => p.kind === 'mention'))) leadMention = true;
        break;
      case 'hashtag':
        hashtags++;
        break;
      case 'number':
        if (t.text.length >= 7) longNumber = true;
        break;
      case 'punct':
        if (t.norm.includes('!')) exclamation = true;
        if (t.norm.includes('?')) questionMark = true;
        // "murdev.com", "bit.ly": word, '.', TLD with no space between
        if (t.text === '.' && i > 0 && tokens[i - 1]!.end === t.start) {
          const next = tokens[i + 1];
          if (next && next.start === t.end && next.kind === 'word' && TLDS.has(next.norm)) domains++;
        }
        break;
      case 'word': {
        words++;
        if (tokenLetters >= 3 && tokenUpper === tokenLetters) shout++;
        if (SECOND_PERSON.has(t.norm)) secondPerson++;
        // "subscribe", "suscribe", "sucscribe", "subscribirse": the misspellings n-grams miss
        if (SUBSCRIBE_STEM.test(t.norm)) out.add(CUE.subscribeStem, mask);
        PHRASE_CUES.forEachAt(tokens, i, (cue) => {
          if (cue === PROMO_OWN) ownPromo = true;
          out.add(cue, mask);
        });
        break;
      }
      case 'emoji':
        break;
    }
  }
  if (urls > 0) out.add(CUE.url, mask, Math.min(urls, 3));
  if (domains > 0) out.add(CUE.domain, mask, Math.min(domains, 3));
  if (mentions > 0) out.add(CUE.mention, mask, Math.min(mentions, 3));
  if (leadMention) out.add(CUE.leadMention, mask);
  if (urls + domains > 0 && ownPromo) out.add(CUE.urlOwnPromo, mask);
  if (secondPerson > 0) out.add(CUE.secondPerson, mask, Math.min(secondPerson, 3));
  if (questionMark) out.add(CUE.questionMark, mask);
  if (hashtags > 0) out.add(CUE.hashtag, mask, Math.min(hashtags, 3));
  if (longNumber) out.add(CUE.digits, mask);
  if (exclamation) out.add(CUE.exclamation, mask);
  // Fewer than 8 letters is too short to call shouting.
  if (letters >= 8 && upper > 0) out.add(CUE.caps, mask, upper / letters);
  if (words > 0 && shout > 0) out.add(CUE.shoutWords, mask, shout / words);
  out.add(CUE.length[words <= 3 ? 0 : words <= 10 ? 1 : words <= 30 ? 2 : 3]!, mask);
  return out;
}

const ENTITY_RE = /&(?:(amp|lt|gt|quot|apos|nbsp)|#(\d{1,7})|#x([0-9a-f]{1,6}));/gi;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * Decode the HTML entities that comments scraped from web pages carry (`&amp;`, `&#39;`, …),
 * so training data looks like what the platform API returns. Unknown entities stay as written.
 */
export function decodeHtmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(
    ENTITY_RE,
    (whole, name: string | undefined, dec: string | undefined, hex: string | undefined) => {
      if (name) return NAMED[name.toLowerCase()] ?? whole;
      const cp = dec ? Number(dec) : Number.parseInt(hex ?? '', 16);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
    },
  );
}
