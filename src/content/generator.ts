import type { HookType } from '../patterns/index.js';
import type { ComposerStyle } from './composer.js';
import type { Persona } from './persona-repository.js';
import type { TemplateVersion } from './template-repository.js';

/**
 * One interface for every way of writing drafts (SPEC §7): the embedded `composer` and any
 * `openai-compatible` chat-completions server. The content engine scores whatever comes back;
 * a generator only writes.
 */

export type GeneratorName = 'composer' | 'openai-compatible';

export interface GenerationInput {
  persona: Persona;
  count: number;
  /** the hook family every draft should open with (a template's, or asked for) */
  hookFamily?: HookType;
  /** without a target: families experiments confirmed for this persona, best first, used before the rest */
  favouredFamilies?: readonly HookType[];
  /** the template version the drafts are made from */
  template?: TemplateVersion;
  brief?: string;
  /** composer: the seed that makes the batch reproducible */
  seed: number;
  /** the shape of the account's best posts */
  style: ComposerStyle;
}

export interface GeneratedText {
  text: string;
  /** the family the generator aimed for (null: none in particular) */
  hook_family: HookType | null;
  /** tokens the model used for this draft (prompt + completion); null for the composer */
  tokens_used: number | null;
}

export interface Generator {
  readonly name: GeneratorName;
  /** `onDraft` is told after each draft (progress bars). */
  generate(input: GenerationInput, onDraft?: (done: number) => void): Promise<GeneratedText[]>;
}

/** The generator could not produce drafts: the server failed, timed out or answered nonsense. */
export class GenerationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GenerationError';
  }
}
