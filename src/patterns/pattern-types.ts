/**
 * The catalogue of pattern types the engine can report: one place for names, templates and
 * descriptions, used by the detectors, `GET /pattern-types` and the docs. The seed's five hook
 * names and templates are kept verbatim so clients written against it keep working.
 */

export const HOOK_TYPES = [
  'discovery',
  'statistical',
  'transformation_story',
  'curiosity_gap',
  'urgency',
  'question',
  'listicle',
  'how_to',
  'contrarian',
  'personal_story',
  'social_proof',
  'direct_address',
  'scarcity',
  'call_to_action',
] as const;
export type HookType = (typeof HOOK_TYPES)[number];

/** Ekman's six plus the seed's `excitement`; `neutral` is part of the vector, never a pattern. */
export const EMOTION_TYPES = [
  'anger',
  'disgust',
  'fear',
  'joy',
  'sadness',
  'surprise',
  'excitement',
] as const;
export type EmotionType = (typeof EMOTION_TYPES)[number];

export const STRUCTURE_TYPES = [
  'length_category',
  'thread_indicator',
  'list',
  'ends_with_question',
  'hashtags',
  'mentions',
  'links',
  'emoji',
  'line_breaks',
] as const;
export type StructureType = (typeof STRUCTURE_TYPES)[number];

export interface PatternTypeInfo {
  template: string;
  description: string;
}

export const HOOK_TYPE_INFO: Record<HookType, PatternTypeInfo> = {
  discovery: {
    template: 'Just discovered this incredible {tool} that {benefit}!',
    description: 'Announces a find ("just discovered", "TIL", "stumbled upon") the reader does not have yet.',
  },
  statistical: {
    template: 'This {tool} increased my {metric} by {percentage}%!',
    description:
      'Leads with a concrete number: a percentage, a multiplier ("10x"), money or a before/after figure.',
  },
  transformation_story: {
    template: '{time_ago} I was {before_state}. Today I {after_state}.',
    description: 'Contrasts a past state with the present ("2 years ago I was broke. Today…").',
  },
  curiosity_gap: {
    template: "The {secret} that {authority} don't want you to know about {topic}",
    description:
      'Withholds the payoff to make the reader click ("the secret", "nobody talks about", "here\'s why").',
  },
  urgency: {
    template: '🚨 BREAKING: {news_content}',
    description: 'Signals news that cannot wait ("BREAKING:", "urgent", "🚨", "just in:").',
  },
  question: {
    template: 'Have you ever wondered why {topic}?',
    description: 'Opens with a question the reader wants answered.',
  },
  listicle: {
    template: '{number} {things} that {benefit}',
    description: 'Promises a countable list ("7 ways", "10 tools") or is laid out as numbered points.',
  },
  how_to: {
    template: 'How to {achieve_result} without {pain_point}',
    description: 'Promises a method ("how to", "here\'s how", "step by step").',
  },
  contrarian: {
    template: 'Unpopular opinion: {common_belief} is wrong',
    description:
      'Challenges accepted wisdom ("unpopular opinion", "hot take", "stop doing X", "is overrated").',
  },
  personal_story: {
    template: '{time_ago}, I {personal_event}. Here is what I learned.',
    description: 'Opens a first-person story or confession ("story time", "I got fired", "I remember when").',
  },
  social_proof: {
    template: '{number} {people} already {result}',
    description:
      'Borrows credibility from numbers of people, studies or authorities ("10k creators", "Harvard study").',
  },
  direct_address: {
    template: "If you're {audience}, you need {advice}",
    description: 'Speaks to the reader as "you" ("if you\'re a creator…").',
  },
  scarcity: {
    template: 'Only {number} {items} left — {deadline}',
    description: 'Creates fear of missing out ("only 5 spots left", "ends tonight", "last chance").',
  },
  call_to_action: {
    template: 'Comment "{keyword}" and I\'ll send you {resource}',
    description: 'Asks for an action ("comment LINK", "link in bio", "save this", "follow for more").',
  },
};

export const EMOTION_TYPE_INFO: Record<EmotionType, PatternTypeInfo> = {
  anger: { template: "I'm so tired of {frustration}", description: 'Anger, annoyance or disapproval.' },
  disgust: { template: '{thing} is absolutely disgusting', description: 'Disgust or revulsion.' },
  fear: { template: "I'm terrified that {risk}", description: 'Fear, worry or nervousness.' },
  joy: {
    template: "I'm so grateful for {thing}",
    description: 'Joy in the broad GoEmotions sense: happiness, gratitude, love, pride, admiration.',
  },
  sadness: {
    template: "I'm heartbroken that {event}",
    description: 'Sadness, disappointment, grief or remorse.',
  },
  surprise: {
    template: "I can't believe {surprising_fact}",
    description: 'Surprise, realisation or curiosity.',
  },
  excitement: {
    template: 'This is absolutely incredible! {amazing_thing}',
    description: 'High-arousal enthusiasm ("amazing", "mind-blown", "🔥") — the seed\'s emotion.',
  },
};

export const STRUCTURE_TYPE_INFO: Record<StructureType, PatternTypeInfo> = {
  length_category: {
    template: '{short|medium|long}',
    description: 'Word count bucket: short < 20 words, medium < 100, long ≥ 100.',
  },
  thread_indicator: {
    template: '{hook} 🧵 1/',
    description: 'Marks the post as the start of a thread ("🧵", "1/", "(thread)", "thread:").',
  },
  list: {
    template: '1. {point}\n2. {point}\n3. {point}',
    description: 'Two or more lines laid out as list items.',
  },
  ends_with_question: {
    template: '{content}\n\nWhat do you think?',
    description: 'Closes with a question that invites replies.',
  },
  hashtags: { template: '{content} #{topic}', description: 'Uses hashtags.' },
  mentions: { template: '{content} @{account}', description: 'Mentions other accounts.' },
  links: { template: '{content} {url}', description: 'Contains links.' },
  emoji: { template: '{content} 🔥', description: 'Uses emoji (density = emoji per word).' },
  line_breaks: { template: '{line}\n\n{line}', description: 'Spreads the text over several short lines.' },
};
