/**
 * The demo world: four creator accounts and the posts they write. Posts are composed from a
 * hook, a body and sometimes a call to action, so that the pattern engine has real variety
 * to read (questions, numbers, confessions, contrarian takes, threads, "comment LINK" CTAs)
 * and some posts are deliberately flat.
 */
import type { Rng } from './random.js';

export interface SimAccount {
  id: string;
  username: string;
  persona_id: string;
  display_name: string;
  followers: number;
  /** what the creator sells: the object of purchase-intent replies */
  product: string;
  /** the word the creator asks people to comment ("comment PLAN") */
  keyword: string;
  price: string;
  /** subjects replies talk about */
  topics: readonly string[];
}

interface AccountContent {
  hooks: readonly string[];
  bodies: readonly string[];
  /** posts with no hook at all: the control group of the pattern engine */
  flat: readonly string[];
}

export const DEMO_ACCOUNTS: readonly SimAccount[] = [
  {
    id: 'acct_maya',
    username: 'maya.moves',
    persona_id: 'fitness_coach',
    display_name: 'Maya Okafor',
    followers: 32_000,
    product: '12-week strength plan',
    keyword: 'PLAN',
    price: '$49',
    topics: ['deadlifts', 'protein', 'home workouts', 'mobility', 'sleep', 'squats'],
  },
  {
    id: 'acct_devon',
    username: 'devon.ships',
    persona_id: 'indie_hacker',
    display_name: 'Devon Price',
    followers: 15_000,
    product: 'SaaS starter kit',
    keyword: 'LINK',
    price: '$129',
    topics: ['landing pages', 'pricing', 'cold email', 'Stripe', 'SEO', 'onboarding'],
  },
  {
    id: 'acct_rosa',
    username: 'rosa.cooks',
    persona_id: 'home_chef',
    display_name: 'Rosa Lindqvist',
    followers: 60_000,
    product: 'weeknight cookbook',
    keyword: 'RECIPE',
    price: '$24',
    topics: ['sourdough', 'meal prep', 'pasta', 'the air fryer', 'knife skills', 'spices'],
  },
  {
    id: 'acct_sam',
    username: 'sam.saves',
    persona_id: 'money_coach',
    display_name: 'Sam Adeyemi',
    followers: 8_000,
    product: 'budget spreadsheet',
    keyword: 'BUDGET',
    price: '$19',
    topics: ['index funds', 'debt payoff', 'side hustles', 'the emergency fund', 'credit cards', 'rent'],
  },
];

const CONTENT: Record<string, AccountContent> = {
  fitness_coach: {
    hooks: [
      'I lost 20 kg without ever stepping into a gym.',
      'Unpopular opinion: cardio is not why you are stuck.',
      'Stop doing crunches. Seriously.',
      '5 mistakes I see in every beginner deadlift 🧵',
      'Nobody tells you this about building muscle after 30:',
      'Why do you feel tired after every workout?',
      'Two years ago I could not do a single push-up. Today I did 50.',
      '93% of my clients skip the one thing that matters most.',
      'Here is how I train in 25 minutes a day:',
      'I was scared of lifting heavy for years. I was wrong.',
    ],
    bodies: [
      'Progressive overload beats any fancy program. Add one rep or a little weight every week and write it down.',
      '1/ Eat protein at every meal.\n2/ Sleep 7+ hours.\n3/ Lift 3x a week.\n4/ Walk every day.\nBoring works.',
      'Your core is trained by squats, deadlifts and carrying heavy things. Crunches mostly train your patience.',
      'Consistency over intensity. The workout you do on a bad day counts more than the perfect one you skip.',
      'Mobility is not stretching for an hour. Ten minutes before you train is enough if you do it every time.',
      'The scale lies for the first month. Take photos, measure your waist and track your lifts instead.',
    ],
    flat: [
      'Leg day done. Back tomorrow.',
      'Posting my training split later this week.',
      'Gym was quiet this morning, which was nice.',
      'New program starts Monday for everyone in the group.',
    ],
  },
  indie_hacker: {
    hooks: [
      'I made $10k MRR with a product I built in 3 weekends.',
      'Unpopular opinion: your landing page is not the problem.',
      'Stop building features nobody asked for.',
      '7 things I wish I knew before launching my first SaaS 🧵',
      'Nobody talks about the month after launch.',
      'How do you get your first 100 users without ads?',
      'I was about to shut it down. Then one email changed everything.',
      '80% of my signups came from one post. Here is the post:',
      'Here is exactly how I price a new product:',
      'I got rejected by 40 investors. Best thing that ever happened.',
    ],
    bodies: [
      'Talk to 20 users before you write a line of code. Ask about the problem, never about your solution.',
      '1/ Charge from day one.\n2/ Ship weekly.\n3/ Write in public.\n4/ Kill features that nobody uses.',
      'Cold email still works if it is short: one line on them, one line on the problem, one question.',
      'Your pricing page should have three plans. Most people pick the middle one, so make it the one you want.',
      'Onboarding is your real landing page. Half of my churn happened in the first ten minutes.',
      'SEO is slow and boring, and it brought me more customers than every launch combined.',
    ],
    flat: [
      'Shipped a small fix to the billing page today.',
      'Working on the docs this week.',
      'Monthly update coming on Friday.',
      'Coffee, code, repeat.',
    ],
  },
  home_chef: {
    hooks: [
      'I burned dinner for 10 years until I learned this.',
      'Unpopular opinion: you do not need a stand mixer.',
      'Stop rinsing your pasta.',
      '5 spices that make any weeknight dinner taste expensive 🧵',
      'Nobody tells you that sourdough is mostly waiting.',
      'Why does restaurant food taste better than yours?',
      'My grandmother made this every Sunday. I finally got the recipe.',
      '15 minutes, one pan, zero stress:',
      'Here is how I meal prep a whole week in 90 minutes:',
      'I was so embarrassed the first time I cooked for friends. Now they ask me to host.',
    ],
    bodies: [
      'Salt your pasta water like the sea, save a cup before you drain, and finish the pasta in the sauce.',
      '1/ Smoked paprika\n2/ Cumin\n3/ Chili flakes\n4/ Garlic powder\n5/ Good flaky salt\nThat is it.',
      'Restaurants use more butter, more salt and more heat than you think. Turn the pan up.',
      'Chop everything before you turn on the stove. It is the one habit that made cooking calm for me.',
      'Roast a tray of vegetables, cook a pot of grains, make one sauce. Mix and match all week.',
      'A sharp knife is safer than a dull one. Ten minutes with a whetstone changed my cooking.',
    ],
    flat: [
      'Soup tonight.',
      'Trying a new bread recipe this weekend.',
      'Farmers market haul was small today.',
      'Kitchen is finally clean again.',
    ],
  },
  money_coach: {
    hooks: [
      'I paid off $42,000 of debt in 26 months on a teacher salary.',
      'Unpopular opinion: your latte is not why you are broke.',
      'Stop checking your investments every day.',
      '6 money rules I wish someone told me at 22 🧵',
      'Nobody tells you how expensive being broke is.',
      'Why do you still live paycheck to paycheck after a raise?',
      'At 25 I had $300 in savings. At 31 I have six months of expenses saved.',
      '70% of people could not cover a $1,000 emergency. Here is how to fix that:',
      'Here is how I split every paycheck:',
      'I was ashamed of my credit score for years.',
    ],
    bodies: [
      'Pay yourself first: move savings out the day your salary lands, before you can spend it.',
      '1/ Emergency fund first.\n2/ Kill high-interest debt.\n3/ Invest in index funds.\n4/ Automate all of it.',
      'Lifestyle creep is quiet. Every raise, save half of it before you get used to it.',
      'Debt avalanche saves the most money, debt snowball keeps you motivated. Pick the one you will stick to.',
      'Your emergency fund is insurance, not an investment. Boring savings account, easy to reach.',
      'Track every expense for 30 days. Not to judge yourself, just to see where it actually goes.',
    ],
    flat: [
      'Budget review done for the month.',
      'Taxes are filed.',
      'Reading a new personal finance book this week.',
      'Quiet week, nothing new to report.',
    ],
  },
};

const CTAS = [
  'Comment "{keyword}" and I will send you the {product}.',
  'Want my {product}? Comment {keyword} below 👇',
  'Reply {keyword} and I will DM you the link.',
  'Save this for later and follow for more.',
  'What would you add? Tell me in the replies.',
];

/**
 * Compose the n-th post of an account. Hooks and bodies are walked in an order shuffled per
 * account (by `order`), so an account does not repeat itself until it has used every hook;
 * about a fifth of the posts are flat and about two fifths of the others carry a CTA.
 */
export function composePost(
  rng: Rng,
  order: Rng,
  account: SimAccount,
  n: number,
  /** reuse this hook (index into the persona's hooks) and never be flat: a pattern-fatigue stretch */
  forcedHook?: number,
): string {
  const content = CONTENT[account.persona_id];
  if (content === undefined) return `${rng.pick(GENERIC_LINES)} ${account.display_name}`;
  if (forcedHook === undefined && rng.chance(0.2)) return rng.pick(content.flat);
  const hooks = shuffled(order, content.hooks);
  const bodies = shuffled(order, content.bodies);
  const hook =
    (forcedHook === undefined ? hooks[n % hooks.length] : content.hooks[forcedHook % content.hooks.length]) ??
    '';
  const body = bodies[(n + Math.floor(n / hooks.length)) % bodies.length] ?? '';
  const parts = [hook, body];
  if (rng.chance(0.4)) {
    parts.push(
      rng.pick(CTAS).replaceAll('{keyword}', account.keyword).replaceAll('{product}', account.product),
    );
  }
  return parts.join('\n\n');
}

function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const a = out[i] as T;
    out[i] = out[j] as T;
    out[j] = a;
  }
  return out;
}

const GENERIC_LINES = ['A quick update from', 'New post from', 'Thoughts for today from'];

/**
 * An account for an id the simulator has never seen (publishing through the API for an
 * account of the real app): plausible defaults derived from the id.
 */
export function accountFor(id: string, followers: number): SimAccount {
  return {
    id,
    username: id.toLowerCase().replace(/[^a-z0-9._]/g, '_'),
    persona_id: id,
    display_name: id,
    followers,
    product: 'guide',
    keyword: 'LINK',
    price: '$29',
    topics: ['this', 'the basics', 'getting started'],
  };
}

/** The keyword a post asks its readers to comment, if it asks ("comment LINK", "reply PLAN"). */
export function callToActionKeyword(content: string): string | undefined {
  const m = /\b(?:comment|reply|type|drop)\s+["“']?([A-Z]{3,12})\b/i.exec(content);
  const word = m?.[1];
  return word !== undefined && word === word.toUpperCase() ? word : undefined;
}
