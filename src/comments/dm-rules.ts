import { BUILTIN_PLACEHOLDERS, type Intent } from './schemas.js';
import type { DmDeliveryMode } from './tables.js';

/**
 * DM rules as pure values: when a rule fires for an analysed comment, and the message it
 * renders. No I/O here; the outbox (repository) stores what these functions decide.
 */

export interface DmRule {
  id: number;
  account_id: string | null;
  name: string;
  intent: Intent | null;
  threshold: number | null;
  keywords: string[];
  match: 'any' | 'all';
  template: string;
  variables: Record<string, string>;
  enabled: boolean;
  delivery: DmDeliveryMode;
}

/** What the rules look at: the text and the classifier's output. */
export interface RuleInput {
  text: string;
  intent: Intent;
  scores: Record<Intent, number>;
}

export type TemplatePart = { literal: string } | { placeholder: string };

/**
 * `{name}` is a placeholder, `{{` and `}}` are literal braces; a lone brace or an empty/invalid
 * name is an error (a typo like `{autor` must not reach a follower verbatim).
 */
export function parseTemplate(template: string): TemplatePart[] | { error: string } {
  const parts: TemplatePart[] = [];
  let literal = '';
  let i = 0;
  while (i < template.length) {
    const ch = template[i];
    const next = template[i + 1];
    if (ch === '{' && next === '{') {
      literal += '{';
      i += 2;
    } else if (ch === '}' && next === '}') {
      literal += '}';
      i += 2;
    } else if (ch === '{') {
      const close = template.indexOf('}', i + 1);
      if (close < 0) return { error: `unclosed "{" at position ${i}` };
      const name = template.slice(i + 1, close);
      if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) {
        return { error: `invalid placeholder "{${name}}" at position ${i}` };
      }
      if (literal) parts.push({ literal });
      literal = '';
      parts.push({ placeholder: name });
      i = close + 1;
    } else if (ch === '}') {
      return { error: `unmatched "}" at position ${i} (write "}}" for a literal brace)` };
    } else {
      literal += ch;
      i++;
    }
  }
  if (literal) parts.push({ literal });
  return parts;
}

/**
 * Problems with a rule's template and variables, as (field, message) pairs; empty when valid.
 * Unknown placeholders are rejected when the rule is saved, not discovered when a DM is sent.
 */
export function validateRuleTemplate(
  template: string,
  variables: Record<string, string>,
): { field: 'template' | 'variables'; message: string }[] {
  const problems: { field: 'template' | 'variables'; message: string }[] = [];
  for (const name of Object.keys(variables)) {
    if ((BUILTIN_PLACEHOLDERS as readonly string[]).includes(name)) {
      problems.push({ field: 'variables', message: `"${name}" is built in and cannot be redefined` });
    }
  }
  const parsed = parseTemplate(template);
  if ('error' in parsed) {
    problems.push({ field: 'template', message: parsed.error });
    return problems;
  }
  const known = new Set<string>([...BUILTIN_PLACEHOLDERS, ...Object.keys(variables)]);
  for (const part of parsed) {
    if ('placeholder' in part && !known.has(part.placeholder)) {
      problems.push({
        field: 'template',
        message: `unknown placeholder {${part.placeholder}}; known: ${[...known].map((k) => `{${k}}`).join(', ')}`,
      });
    }
  }
  return problems;
}

/** Conditions a rule must carry; (field, message) pairs, empty when valid. */
export function validateRuleConditions(
  rule: Pick<DmRule, 'intent' | 'threshold' | 'keywords'>,
): { field: 'intent' | 'threshold' | 'keywords'; message: string }[] {
  const problems: { field: 'intent' | 'threshold' | 'keywords'; message: string }[] = [];
  if (rule.intent === null && rule.keywords.length === 0) {
    problems.push({
      field: 'intent',
      message: 'a rule needs an intent (with a threshold), keywords, or both',
    });
  }
  if (rule.intent !== null && rule.threshold === null) {
    problems.push({ field: 'threshold', message: 'threshold is required with intent' });
  }
  if (rule.intent === null && rule.threshold !== null) {
    problems.push({ field: 'intent', message: 'threshold without an intent has nothing to compare to' });
  }
  rule.keywords.forEach((k, index) => {
    if (k.trim() === '') problems.push({ field: 'keywords', message: `keyword ${index} is blank` });
  });
  return problems;
}

/** Render a template already validated by `validateRuleTemplate`. */
export function renderTemplate(template: string, values: Record<string, string>): string {
  const parsed = parseTemplate(template);
  if ('error' in parsed) throw new RangeError(`invalid template: ${parsed.error}`);
  return parsed
    .map((part) => {
      if ('literal' in part) return part.literal;
      const value = values[part.placeholder];
      if (value === undefined) throw new RangeError(`no value for placeholder {${part.placeholder}}`);
      return value;
    })
    .join('');
}

const REGEX_SPECIAL = /[.*+?^${}()|[\]\\]/g;
/** Letters, marks, digits and underscore: what counts as "inside a word" in any script. */
const WORD_CHAR = '[\\p{L}\\p{M}\\p{N}_]';

/**
 * A case-insensitive whole-word matcher for a keyword or phrase. The keyword is escaped (a
 * literal, so matching is linear) and inner whitespace matches any run of whitespace.
 */
export function keywordMatcher(keyword: string): RegExp {
  const body = keyword.trim().normalize('NFKC').replace(REGEX_SPECIAL, '\\$&').split(/\s+/).join('\\s+');
  return new RegExp(`(?<!${WORD_CHAR})${body}(?!${WORD_CHAR})`, 'iu');
}

/** Does any keyword occur as a whole word in the text? */
export function matchesKeywords(text: string, keywords: readonly string[]): boolean {
  if (keywords.length === 0) return false;
  const normalized = text.normalize('NFKC');
  return keywords.some((k) => keywordMatcher(k).test(normalized));
}

/**
 * Does the rule fire? Disabled rules never do; spam never does (a spammer who writes the
 * trigger word must not get the creator's link). With both conditions, `match` decides.
 */
export function ruleMatches(rule: DmRule, input: RuleInput): boolean {
  if (!rule.enabled || input.intent === 'spam') return false;
  const hasIntent = rule.intent !== null && rule.threshold !== null;
  const hasKeywords = rule.keywords.length > 0;
  const intentHit = hasIntent && input.scores[rule.intent as Intent] >= (rule.threshold as number);
  const keywordHit = hasKeywords && matchesKeywords(input.text, rule.keywords);
  if (hasIntent && hasKeywords)
    return rule.match === 'all' ? intentHit && keywordHit : intentHit || keywordHit;
  return intentHit || keywordHit;
}

/** Values for a rule's placeholders; custom variables cannot shadow the built-ins. */
export function templateValues(
  rule: Pick<DmRule, 'variables'>,
  ctx: { author: string; post_url: string },
): Record<string, string> {
  return { ...rule.variables, author: ctx.author, post_url: ctx.post_url };
}
