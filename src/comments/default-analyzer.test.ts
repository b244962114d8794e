import { describe, expect, it } from 'vitest';
import { defaultAnalyzer } from './default-analyzer.js';

/** Replies about an order that went wrong: the customer needs help, not a sales DM. */
const ORDER_COMPLAINTS = [
  'My order never arrived. How do I get a refund?',
  '@shop where is my order?? It has been 3 weeks',
  'I was charged twice for my order and nobody answers',
  'Still waiting for my package. Never ordering again',
  'The one I bought came damaged, I want my money back',
];

/** Questions about price or availability: the most valuable leads, even when impatient. */
const PRICE_OR_AVAILABILITY_QUESTIONS = [
  'How much is this?',
  'Is it available in blue?',
  'Do you ship to Canada?',
  'is this back in stock??',
  'what does the course cost',
];

describe('lead scoring of the production analyzer', () => {
  it.each(ORDER_COMPLAINTS)('files an order complaint as a complaint, not a lead: %s', (text) => {
    const a = defaultAnalyzer(text);
    expect(a.intent).toBe('complaint');
    expect(a.scores.purchase_intent).toBeLessThan(0.5);
    expect(a.lead_score).toBeLessThan(0.3);
    expect(a.evidence[0]).toMatch(/^complaint phrase “.+”$/);
  });

  it.each(PRICE_OR_AVAILABILITY_QUESTIONS)(
    'files a price or availability question as a purchase lead: %s',
    (text) => {
      const a = defaultAnalyzer(text);
      expect(a.intent).toBe('purchase_intent');
      expect(a.lead_score).toBeGreaterThan(0.8);
      expect(a.evidence[0]).toMatch(/^purchase phrase “.+”$/);
    },
  );

  it('ranks every price or availability question above every order complaint', () => {
    const worstQuestion = Math.min(
      ...PRICE_OR_AVAILABILITY_QUESTIONS.map((t) => defaultAnalyzer(t).lead_score),
    );
    const bestComplaint = Math.max(...ORDER_COMPLAINTS.map((t) => defaultAnalyzer(t).lead_score));
    expect(worstQuestion - bestComplaint).toBeGreaterThan(0.5);
  });
});
