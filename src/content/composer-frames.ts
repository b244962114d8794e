import type { HookType } from '../patterns/index.js';

/**
 * The composer's sentence frames. A hook frame opens a post of one hook family (the pattern
 * engine must detect that family in it, which the composer checks for every draft); body and
 * closing frames carry the rest. Slots: {topic} (one of the persona's topics, or the brief's
 * subject), {Topic} (capitalised), {n} (a small count), {pct} (a percentage), {k} (thousands),
 * {months}, {weeks}, {keyword} (one upper-case word). Every frame's slots are filled: a frame
 * may use only these names.
 */
export const HOOK_FRAMES: Record<HookType, readonly string[]> = {
  discovery: [
    'Just discovered a {topic} trick that saves me hours every week.',
    'Today I learned something about {topic} that changed how I work.',
    'I stumbled upon a hidden gem for {topic} this week.',
    'Just found out why my {topic} routine kept stalling.',
    'Had no idea {topic} could be this simple until yesterday.',
    'Finally tried the {topic} method everyone mentions, and it is a game changer.',
  ],
  statistical: [
    'This {topic} habit increased my output by {pct}%.',
    'I cut the time I spend on {topic} by {pct}% in {weeks} weeks.',
    '{n} out of 10 people get {topic} wrong.',
    'One change to my {topic} routine doubled my results.',
    'My {topic} work grew from {n} to {k} thousand readers.',
    'Spending 20 minutes a day on {topic} made me 3x faster.',
  ],
  transformation_story: [
    '{months} months ago I was lost with {topic}. Today I teach it.',
    'I used to dread {topic}. Now it is the best part of my week.',
    'Went from zero to confident in {topic} in {months} months.',
    'A year ago I was ignoring {topic}. Now I can not imagine my week without it.',
    'Before and after {topic}: the difference still surprises me.',
    'Last year I was struggling with {topic}. Today it pays my bills.',
  ],
  curiosity_gap: [
    'Nobody talks about the hardest part of {topic}.',
    'The real reason your {topic} is not working.',
    'Here is what nobody tells you about {topic}.',
    'The truth about {topic} took me years to see.',
    'The secret to {topic} is not what you think.',
    'There is a little-known side of {topic} worth knowing.',
  ],
  urgency: [
    '🚨 BREAKING: big news for anyone into {topic}.',
    'Just in: the {topic} update everyone has been waiting for.',
    '🚨 Urgent for anyone working on {topic}.',
    'BREAKING: the way we do {topic} just changed.',
    '🚨 Heads up: {topic} rules changed this morning.',
    'Breaking news for the {topic} crowd today.',
  ],
  question: [
    'Have you ever wondered why {topic} feels so hard?',
    'What would change if you took {topic} seriously for a month?',
    'Why does nobody teach {topic} properly?',
    'Is {topic} really worth the hype?',
    'What is the one {topic} mistake you keep repeating?',
    'How much time do you actually spend on {topic}?',
  ],
  listicle: [
    'Here are {n} lessons about {topic} I wish I knew sooner:',
    '{n} ways to get better at {topic} this month:',
    'The {n} biggest mistakes I made with {topic}:',
    '{n} tools that made {topic} easier for me:',
    'Top {n} habits that made {topic} stick for me:',
    '{n} things I stopped doing in {topic}:',
  ],
  how_to: [
    'How to get better at {topic} without burning out.',
    'Here is how I approach {topic}, step by step.',
    'How to start {topic} when you have no time.',
    'How I learned {topic} in {weeks} weeks.',
    'A step by step guide to {topic} for busy people.',
    'How to make {topic} a habit that sticks.',
  ],
  contrarian: [
    'Unpopular opinion: most {topic} advice is wrong.',
    'Hot take: {topic} is overrated.',
    'Stop overthinking {topic}.',
    'Controversial take: you do not need more {topic} tips.',
    'Everyone is wrong about {topic}.',
    'Unpopular opinion: {topic} is easier than people say.',
  ],
  personal_story: [
    'Story time: the day {topic} almost broke me.',
    'I remember when {topic} felt impossible.',
    'I got fired once, and {topic} is what got me back on my feet.',
    'Confession: I faked my way through {topic} for a year.',
    'When I was starting out, {topic} terrified me.',
    'Let me tell you about my worst week with {topic}.',
  ],
  social_proof: [
    'Over {k},000 people already use this {topic} routine.',
    'A Harvard study on {topic} surprised me.',
    'Thousands of creators swear by this {topic} habit.',
    'Experts agree on one thing about {topic}.',
    'Research shows most of us approach {topic} backwards.',
    'Studies show {topic} works best in short daily sessions.',
  ],
  direct_address: [
    'If you are serious about {topic}, read this.',
    'If you are new to {topic}, you need this.',
    'You are closer to mastering {topic} than you think.',
    'If you have ever given up on {topic}, this is for you.',
    'You do not need to be perfect at {topic} to start.',
    'If you struggle with {topic}, you are not alone.',
  ],
  scarcity: [
    'Only {n} spots left in my {topic} workshop.',
    'Last chance to join the {topic} challenge.',
    'The free {topic} guide closes tonight.',
    'Limited spots for the {topic} session this week.',
    "Sign up for the {topic} cohort before it's gone.",
    'Doors close tonight for the {topic} program.',
  ],
  call_to_action: [
    'Comment "{keyword}" and I will send you my {topic} checklist.',
    'Save this for your next {topic} session.',
    'Follow for more on {topic}.',
    'Share this with a friend who loves {topic}.',
    'Bookmark this before your next {topic} day.',
    'Tag someone who needs this {topic} reminder.',
  ],
};

/** Sentences after the hook. */
export const BODY_FRAMES: readonly string[] = [
  'The trick is to start smaller than feels useful.',
  'Most of the progress came from doing less, not more.',
  'I keep a short note of what worked each day.',
  'Consistency beat every clever shortcut I tried.',
  'The first week felt slow, then it clicked.',
  'What changed was the order I did things in.',
  'It costs nothing but ten quiet minutes.',
  'I wish someone had told me this on day one.',
  'The hard part is not knowing, it is doing it daily.',
  'Small wins compound faster than you expect.',
  'I stopped copying others and wrote my own rules.',
  'Feedback from real people taught me more than any course.',
  'The boring basics did most of the work.',
  'Done beats perfect, every single time.',
  'Tracking it for a month showed me what actually mattered.',
  'Cutting one distraction freed up an hour a day.',
  'Asking better questions saved me weeks.',
  'My early mistakes became the best lessons.',
  'I plan it the night before, so mornings stay simple.',
  'Pairing it with a habit I already had made it stick.',
  'The results showed up once I stopped checking them hourly.',
  'Writing it down turned vague goals into steps.',
  'A friend holding me to it made the difference.',
  'Keeping it simple is harder than it sounds.',
];

/** Items of a list body (a listicle or a post of an account whose best posts are lists). */
export const LIST_FRAMES: readonly string[] = [
  'Start with one small step',
  'Keep a simple log',
  'Review what worked every Friday',
  'Cut what does not move the needle',
  'Ask for honest feedback',
  'Protect one focused hour a day',
  'Learn from people one step ahead',
  'Celebrate the small wins',
  'Rest before you burn out',
  'Share what you learn',
  'Automate the boring parts',
  'Say no to one more thing',
];

/** Closing sentences: a question when the account's best posts end with one, otherwise a plain close. */
export const QUESTION_CLOSES: readonly string[] = [
  'What is your experience with {topic}?',
  'Which of these would you try first?',
  'What would you add?',
  'Where are you with {topic} right now?',
  'What is holding you back?',
  'Agree or disagree?',
];
export const PLAIN_CLOSES: readonly string[] = [
  'More on {topic} soon.',
  'Try it this week and see.',
  'That is the whole secret.',
  'Small steps, every day.',
  'Your future self will thank you.',
  'Keep going.',
];
