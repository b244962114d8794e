/**
 * Words that open a question ("why…", "have you…"), as a sentence's first word: the clickbait
 * features' question-opening cue and, with two more, the pattern engine's question hooks.
 * (The intent features keep a list of their own — contractions such as "what's", and "any",
 * "anyone" — that its trained model was fitted with.)
 */
export const QUESTION_OPENERS: ReadonlySet<string> = new Set([
  'what',
  'why',
  'how',
  'which',
  'who',
  'where',
  'when',
  'can',
  'could',
  'do',
  'does',
  'did',
  'is',
  'are',
  'should',
  'would',
  'will',
  'have',
  'has',
  'was',
  'were',
]);
