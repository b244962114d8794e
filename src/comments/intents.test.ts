import { describe, expect, it } from 'vitest';
import {
  analyseComment,
  createAnalyzer,
  creatorReplyAnalysis,
  isCreatorReply,
  type TextAnalysis,
} from './intents.js';

describe(isCreatorReply.name, () => {
  it('matches the post author by handle, without @ and ignoring case', () => {
    expect(isCreatorReply({ author: 'rosa.cooks', post_author: 'rosa.cooks' })).toBe(true);
    expect(isCreatorReply({ author: '@Rosa.Cooks', post_author: 'rosa.cooks' })).toBe(true);
    expect(isCreatorReply({ author: 'rosa.cooks', post_author: '@ROSA.COOKS' })).toBe(true);
  });

  it('is false for anyone else, and when the post author is unknown', () => {
    expect(isCreatorReply({ author: 'rosa.cooks2', post_author: 'rosa.cooks' })).toBe(false);
    expect(isCreatorReply({ author: 'rosa', post_author: 'rosa.cooks' })).toBe(false);
    expect(isCreatorReply({ author: 'rosa.cooks', post_author: null })).toBe(false);
  });
});

describe(creatorReplyAnalysis.name, () => {
  it('files the reply as other with certainty and no lead, keeping its sentiment and model version', () => {
    const classified: TextAnalysis = {
      intent: 'spam',
      scores: { purchase_intent: 0.2, question: 0.1, praise: 0.3, complaint: 0.05, spam: 0.92, other: 0.08 },
      lead_score: 0.07,
      model_version: 'm1',
      sentiment: 0.44,
      evidence: ['spam model 0.92 ≥ 0.29'],
    };
    expect(creatorReplyAnalysis(classified)).toEqual({
      intent: 'other',
      scores: { purchase_intent: 0, question: 0, praise: 0, complaint: 0, spam: 0, other: 1 },
      lead_score: 0,
      model_version: 'm1',
      sentiment: 0.44,
      evidence: ["the post author's own reply"],
    });
  });
});

describe(analyseComment.name, () => {
  const spammy = createAnalyzer(
    () => ({
      intent: 'spam',
      scores: { purchase_intent: 0, question: 0, praise: 0, complaint: 0, spam: 0.9, other: 0.1 },
      lead_score: 0,
      model_version: 'toy',
    }),
    () => -0.5,
  );

  it("keeps the analyzer's reading for the audience and files the creator's reply as other", () => {
    const reply = { comment_id: 'c1', text: 'check your DMs', author: 'bot', post_author: 'maya' };
    expect(analyseComment(reply, spammy)).toMatchObject({
      comment_id: 'c1',
      intent: 'spam',
      sentiment: -0.5,
    });
    expect(analyseComment({ ...reply, author: 'Maya' }, spammy)).toMatchObject({
      comment_id: 'c1',
      intent: 'other',
      lead_score: 0,
      sentiment: -0.5,
      model_version: 'toy',
    });
  });
});
