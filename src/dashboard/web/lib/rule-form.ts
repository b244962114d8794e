import type { DmDeliveryMode, DmMatch, DmRule, DmRuleFields, Intent } from './types.js';
import { INTENTS } from './types.js';

/** The DM rule form as the user types it: every field a string or boolean. */
export interface RuleDraft {
  name: string;
  account_id: string;
  intent: string;
  threshold: string;
  keywords: string;
  match: DmMatch;
  template: string;
  variables: string;
  enabled: boolean;
  delivery: DmDeliveryMode;
}

export const EMPTY_DRAFT: RuleDraft = {
  name: '',
  account_id: '',
  intent: 'purchase_intent',
  threshold: '0.7',
  keywords: '',
  match: 'any',
  template: 'Hi {author}! Thanks for your interest — here is the link: {post_url}',
  variables: '',
  enabled: true,
  delivery: 'dm',
};

export function draftFromRule(rule: DmRule): RuleDraft {
  return {
    name: rule.name,
    account_id: rule.account_id ?? '',
    intent: rule.intent ?? '',
    threshold: rule.threshold === null ? '' : String(rule.threshold),
    keywords: rule.keywords.join(', '),
    match: rule.match,
    template: rule.template,
    variables: Object.entries(rule.variables)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n'),
    enabled: rule.enabled,
    delivery: rule.delivery,
  };
}

export type DraftResult =
  { ok: true; body: DmRuleFields } | { ok: false; errors: Partial<Record<keyof RuleDraft, string>> };

/**
 * Check the draft as the server would (so that most mistakes are caught before a round trip)
 * and turn it into the API body. Keywords are comma-separated; variables are `name=value` lines.
 */
export function parseDraft(d: RuleDraft): DraftResult {
  const errors: Partial<Record<keyof RuleDraft, string>> = {};
  const name = d.name.trim();
  if (!name) errors.name = 'Give the rule a name.';
  const template = d.template.trim();
  if (!template) errors.template = 'Write the message to send.';
  const intent = d.intent === '' ? null : INTENTS.find((i) => i === d.intent);
  if (intent === undefined) errors.intent = 'Unknown intent.';
  let threshold: number | null = null;
  if (intent) {
    threshold = Number(d.threshold);
    if (d.threshold.trim() === '' || !Number.isFinite(threshold) || threshold < 0 || threshold > 1)
      errors.threshold = 'A threshold between 0 and 1 is needed with an intent.';
  }
  const keywords = d.keywords
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  if (!intent && keywords.length === 0) errors.keywords = 'Choose an intent or give at least one keyword.';
  const variables: Record<string, string> = {};
  for (const line of d.variables.split('\n')) {
    if (!line.trim()) continue;
    const eq = line.indexOf('=');
    const key = eq < 0 ? '' : line.slice(0, eq).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(key)) {
      errors.variables = `Write variables as name=value, one per line (“${line.trim()}”).`;
      break;
    }
    variables[key] = line.slice(eq + 1).trim();
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    body: {
      name,
      account_id: d.account_id.trim() || null,
      intent: (intent ?? null) as Intent | null,
      threshold: intent ? threshold : null,
      keywords,
      match: d.match,
      template,
      variables,
      enabled: d.enabled,
      delivery: d.delivery,
    },
  };
}
