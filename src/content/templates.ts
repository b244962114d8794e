import { ConflictError, InvalidInputError, NotFoundError } from '../errors.js';
import type {
  Template,
  TemplatePerformance,
  TemplateRepository,
  TemplateVersion,
} from './template-repository.js';
import type { CreateTemplateBody, UpdateTemplateBody } from './schemas.js';

export type TemplateWithPerformance = Template & { performance: Omit<TemplatePerformance, 'template_id'> };

const SLOT = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** The `{name}` slots of a text, in order of first appearance. */
export function slotsOf(text: string): string[] {
  return [...new Set([...text.matchAll(SLOT)].map((m) => m[1]!))];
}

/** Fill `{name}` slots from `values`; slots without a value stay as they are. */
export function fillSlots(text: string, values: Record<string, string>): string {
  return text.replace(SLOT, (whole, name: string) => values[name] ?? whole);
}

const NO_PERFORMANCE = { drafts: 0, published: 0, measured: 0, mean_engagement: null };

/** Prompt templates: versioned (an edit that changes the prompt adds a version), with their measured performance. */
export class TemplateService {
  constructor(private readonly o: { repo: TemplateRepository; clock: () => Date }) {}

  async list(): Promise<TemplateWithPerformance[]> {
    const [templates, perf] = await Promise.all([this.o.repo.list(), this.o.repo.performance()]);
    const byId = new Map(perf.map(({ template_id, ...p }) => [template_id, p]));
    return templates.map((t) => ({ ...t, performance: byId.get(t.id) ?? NO_PERFORMANCE }));
  }

  async get(id: number): Promise<TemplateWithPerformance & { versions: TemplateVersion[] }> {
    const t = await this.o.repo.get(id);
    if (!t) throw new NotFoundError(`Template ${id}`);
    const [versions, perf] = await Promise.all([this.o.repo.versions(id), this.o.repo.performance()]);
    const p = perf.find((x) => x.template_id === id);
    return { ...t, performance: p ? { ...p } : NO_PERFORMANCE, versions };
  }

  /** The version a draft is made from: the current one unless asked otherwise. */
  async version(id: number, version?: number): Promise<TemplateVersion> {
    const t = await this.o.repo.get(id);
    if (!t) throw new NotFoundError(`Template ${id}`);
    const v = await this.o.repo.getVersion(id, version ?? t.version);
    if (!v) throw new NotFoundError(`Version ${version} of template ${id}`);
    return v;
  }

  async create(body: CreateTemplateBody): Promise<TemplateWithPerformance> {
    const variables = checkVariables(body.body, body.variables);
    const t = await this.o.repo.create(body.name, {
      body: body.body,
      variables,
      hook_family: body.hook_family,
    });
    if (!t) throw new ConflictError(`A template named ${JSON.stringify(body.name)} already exists`);
    return { ...t, performance: NO_PERFORMANCE };
  }

  async update(id: number, body: UpdateTemplateBody): Promise<TemplateWithPerformance> {
    const cur = await this.o.repo.get(id);
    if (!cur) throw new NotFoundError(`Template ${id}`);
    const changesContent =
      body.body !== undefined || body.variables !== undefined || body.hook_family !== undefined;
    const text = body.body ?? cur.body;
    const content = changesContent
      ? {
          body: text,
          // a new body without a variables list declares what it uses
          variables: checkVariables(
            text,
            body.variables ?? (body.body !== undefined ? undefined : cur.variables),
          ),
          hook_family: body.hook_family ?? cur.hook_family,
        }
      : undefined;
    const updated = await this.o.repo.update(id, body.name, content, this.o.clock());
    if (updated === undefined) throw new NotFoundError(`Template ${id}`);
    if (updated === 'name_taken')
      throw new ConflictError(`A template named ${JSON.stringify(body.name)} already exists`);
    const perf = (await this.o.repo.performance()).find((p) => p.template_id === id);
    return { ...updated, performance: perf ?? NO_PERFORMANCE };
  }

  async delete(id: number): Promise<void> {
    if (!(await this.o.repo.delete(id))) throw new NotFoundError(`Template ${id}`);
  }
}

/** The declared variables must be exactly the body's slots (default: the slots found). */
function checkVariables(body: string, declared: string[] | undefined): string[] {
  const found = slotsOf(body);
  if (declared === undefined) return found;
  const missing = found.filter((v) => !declared.includes(v));
  if (missing.length > 0)
    throw new InvalidInputError(`the body uses undeclared variables: ${missing.join(', ')}`, [
      'body',
      'variables',
    ]);
  const unused = declared.filter((v) => !found.includes(v));
  if (unused.length > 0)
    throw new InvalidInputError(`variables not used in the body: ${unused.join(', ')}`, [
      'body',
      'variables',
    ]);
  return [...new Set(declared)];
}
