/**
 * Words that open a question ("why…", "have you…"), as a sentence's first word: the one list
 * behind the intent features' and the clickbait features' question-opening cue and, with two
 * more, the pattern engine's question hooks. Changing it changes those models' features:
 * retrain intent, complaint and clickbait (scripts/train-*.ts). The intent features' former
 * extras ("what's", "whats", "where's", "how's", "any", "anyone") are not here: without them
 * the intent figures held and the clickbait model and the hooks stayed as they were
 * (docs/evaluation.md, 2026-12-06); the question model reads contractions through its own
 * wh-words (question-features.ts).
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
