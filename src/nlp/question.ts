/**
 * Is a reply a question to someone? P(question) from a logistic model over question-shape
 * cues (src/nlp/question-features.ts), trained by scripts/train-question.ts on the speech acts
 * of real tweets and replies (Saha, Saha, Bhattacharyya, "Tweet Act Classification", IJCNN
 * 2019). The decision threshold is folded into the bias: 0.5 is the decision point.
 */
import modelJson from './models/question.v1.json' with { type: 'json' };
import { FeatureVector, loadLinearModel, predictProba } from './linear.js';
import { questionFeatures, questionTokens, type QuestionShape } from './question-features.js';
import type { Token } from './tokenize.js';

const MODEL = loadLinearModel(modelJson);

export const QUESTION_MODEL_VERSION: string = MODEL.version;

const scratch = new FeatureVector(64);

export interface QuestionReading {
  /** P(question), 0.5 = the decision point */
  score: number;
  shape: QuestionShape;
}

/** The question model's reading of a reply's tokens (from `tokenize` of its text). */
export function questionScore(tokens: readonly Token[]): QuestionReading {
  const { features, shape } = questionFeatures(questionTokens(tokens), MODEL.mask, scratch.clear());
  return { score: predictProba(MODEL, features), shape };
}
