import type { Template, TemplateFields } from './content-api.js';
import type { BodyPath } from './field-errors.js';

/** The template form as the user types it; variables comma-separated, empty = the body's slots. */
export interface TemplateDraft {
  name: string;
  hook_family: string;
  body: string;
  variables: string;
}
export type TemplateField = keyof TemplateDraft;

export const EMPTY_TEMPLATE: TemplateDraft = {
  name: '',
  hook_family: 'question',
  body: 'Write a post about {topic} that opens with a {hook_family} hook.',
  variables: '',
};

export function draftFromTemplate(t: Template): TemplateDraft {
  return { name: t.name, hook_family: t.hook_family, body: t.body, variables: t.variables.join(', ') };
}

/** The API body: the server checks the rest (names, the variables against the body's slots). */
export function templateBody(d: TemplateDraft): TemplateFields {
  const variables = d.variables
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  return {
    name: d.name.trim(),
    hook_family: d.hook_family,
    body: d.body,
    ...(variables.length > 0 ? { variables } : {}),
  };
}

export function templateFieldOf(path: BodyPath): TemplateField | undefined {
  const [head] = path;
  return typeof head === 'string' && Object.hasOwn(EMPTY_TEMPLATE, head)
    ? (head as TemplateField)
    : undefined;
}
