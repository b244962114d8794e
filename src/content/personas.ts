import { ConflictError, InvalidInputError, NotFoundError } from '../errors.js';
import type { Persona, PersonaFields, PersonaRepository } from './persona-repository.js';
import type { CreatePersonaBody, UpdatePersonaBody } from './schemas.js';

/** Personas' rules: ids are the metrics engine's persona_ids, auto approval needs a threshold. */
export class PersonaService {
  constructor(private readonly o: { repo: PersonaRepository; clock: () => Date }) {}

  /** Every persona, after adopting the persona_ids stored posts carry that have no record yet. */
  async list(accountId?: string): Promise<Persona[]> {
    await this.o.repo.adoptFromPosts();
    return this.o.repo.list(accountId);
  }

  async get(id: string): Promise<Persona> {
    const persona =
      (await this.o.repo.get(id)) ??
      ((await this.o.repo.adoptFromPosts()) > 0 ? await this.o.repo.get(id) : undefined);
    if (!persona) throw new NotFoundError(`Persona ${id}`);
    return persona;
  }

  /** Whether the persona exists (adopting stored posts' persona_ids as `get` does). */
  async exists(id: string): Promise<boolean> {
    try {
      await this.get(id);
      return true;
    } catch (err) {
      if (err instanceof NotFoundError) return false;
      throw err;
    }
  }

  async create(body: CreatePersonaBody): Promise<Persona> {
    const { id, ...fields } = body;
    const f = checked(fields as PersonaFields);
    const created = await this.o.repo.insert(id, f);
    if (!created) throw new ConflictError(`Persona ${id} already exists`);
    return created;
  }

  async update(id: string, body: UpdatePersonaBody): Promise<Persona> {
    const current = await this.get(id);
    const { id: _id, created_at: _c, updated_at: _u, ...fields } = current;
    const updated = await this.o.repo.update(id, checked({ ...fields, ...body }), this.o.clock());
    if (!updated) throw new NotFoundError(`Persona ${id}`);
    return updated;
  }

  /** A persona with drafts keeps them attributable: it cannot be deleted (409). */
  async delete(id: string): Promise<void> {
    await this.get(id);
    if (await this.o.repo.hasDrafts(id))
      throw new ConflictError(`Persona ${id} has drafts; it cannot be deleted`);
    await this.o.repo.delete(id);
  }
}

function checked(f: PersonaFields): PersonaFields {
  if (f.approval === 'auto' && f.auto_threshold === null) {
    throw new InvalidInputError('auto approval needs an auto_threshold (a predicted engagement rate, 0..1)', [
      'body',
      'auto_threshold',
    ]);
  }
  if (f.quiet_hours && f.quiet_hours.start === f.quiet_hours.end) {
    throw new InvalidInputError('quiet_hours start and end must differ', ['body', 'quiet_hours']);
  }
  return f;
}
