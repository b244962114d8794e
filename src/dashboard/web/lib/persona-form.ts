import type { Persona, PersonaFields } from './content-api.js';
import type { BodyPath } from './field-errors.js';

/** The persona form as the user types it: every field a string (lists comma-separated). */
export interface PersonaDraft {
  id: string;
  account_id: string;
  name: string;
  voice: string;
  topics: string;
  avoid: string;
  language: string;
  posts_per_day: string;
  quiet_start: string;
  quiet_end: string;
  approval: 'review' | 'auto';
  auto_threshold: string;
}
export type PersonaField = keyof PersonaDraft;

/** The server's defaults (src/content/schemas.ts). */
export const EMPTY_PERSONA: PersonaDraft = {
  id: '',
  account_id: '',
  name: '',
  voice: '',
  topics: '',
  avoid: '',
  language: 'en',
  posts_per_day: '3',
  quiet_start: '',
  quiet_end: '',
  approval: 'review',
  auto_threshold: '',
};

export function draftFromPersona(p: Persona): PersonaDraft {
  return {
    id: p.id,
    account_id: p.account_id,
    name: p.name,
    voice: p.voice,
    topics: p.topics.join(', '),
    avoid: p.avoid.join(', '),
    language: p.language,
    posts_per_day: String(p.posts_per_day),
    quiet_start: p.quiet_hours ? String(p.quiet_hours.start) : '',
    quiet_end: p.quiet_hours ? String(p.quiet_hours.end) : '',
    approval: p.approval,
    auto_threshold: p.auto_threshold === null ? '' : String(p.auto_threshold),
  };
}

export type PersonaDraftResult =
  | { ok: true; id: string; body: PersonaFields }
  | { ok: false; errors: Partial<Record<PersonaField, string>> };

const INTEGER = /^-?\d+$/;

/**
 * Turn the draft into the API body. Only what cannot be sent is caught here (a number that is
 * not one, half a quiet-hours range): ranges and rules are the server's, whose 422 names the field.
 */
export function parsePersonaDraft(d: PersonaDraft): PersonaDraftResult {
  const errors: Partial<Record<PersonaField, string>> = {};
  const list = (s: string) =>
    s
      .split(',')
      .map((w) => w.trim())
      .filter(Boolean);
  const posts = d.posts_per_day.trim();
  if (!INTEGER.test(posts)) errors.posts_per_day = 'Enter a whole number of posts a day.';
  const start = d.quiet_start.trim();
  const end = d.quiet_end.trim();
  let quiet: PersonaFields['quiet_hours'] = null;
  if (start !== '' || end !== '') {
    if (!INTEGER.test(start))
      errors.quiet_start = 'Enter the hour quiet time starts (0–23), or leave both empty.';
    if (!INTEGER.test(end)) errors.quiet_end = 'Enter the hour quiet time ends (0–23), or leave both empty.';
    quiet = { start: Number(start), end: Number(end) };
  }
  const threshold = d.auto_threshold.trim();
  if (threshold !== '' && !Number.isFinite(Number(threshold)))
    errors.auto_threshold = 'Enter a rate between 0 and 1, such as 0.05.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    id: d.id.trim(),
    body: {
      account_id: d.account_id.trim(),
      name: d.name.trim(),
      voice: d.voice.trim(),
      topics: list(d.topics),
      avoid: list(d.avoid),
      language: d.language.trim(),
      posts_per_day: Number(posts),
      quiet_hours: quiet,
      approval: d.approval,
      auto_threshold: threshold === '' ? null : Number(threshold),
    },
  };
}

/** The form field a 422's body path belongs to (`quiet_hours.end` → the end hour, `topics.2` → topics). */
export function personaFieldOf(path: BodyPath): PersonaField | undefined {
  const [head, sub] = path;
  if (head === 'quiet_hours') return sub === 'end' ? 'quiet_end' : 'quiet_start';
  return typeof head === 'string' && Object.hasOwn(EMPTY_PERSONA, head) ? (head as PersonaField) : undefined;
}
