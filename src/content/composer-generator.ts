import { compose, ComposeError, type DetectHooks } from './composer.js';
import { GenerationError, type GeneratedText, type GenerationInput, type Generator } from './generator.js';

/** The composer as a Generator: the persona's topics (the brief's first, when given) and no model. */
export class ComposerGenerator implements Generator {
  readonly name = 'composer' as const;

  constructor(private readonly detect: DetectHooks) {}

  generate(input: GenerationInput, onDraft?: (done: number) => void): Promise<GeneratedText[]> {
    const topics = input.brief ? [briefTopic(input.brief), ...input.persona.topics] : input.persona.topics;
    try {
      const drafts = compose(
        {
          topics,
          avoid: input.persona.avoid,
          ...(input.hookFamily ? { hookFamily: input.hookFamily } : {}),
          ...(input.favouredFamilies ? { favoured: input.favouredFamilies } : {}),
          style: input.style,
          seed: input.seed,
          count: input.count,
        },
        this.detect,
      );
      drafts.forEach((_, i) => onDraft?.(i + 1));
      return Promise.resolve(
        drafts.map((d) => ({ text: d.text, hook_family: d.hook_family, tokens_used: null })),
      );
    } catch (err) {
      if (err instanceof ComposeError)
        return Promise.reject(new GenerationError(err.message, { cause: err }));
      throw err;
    }
  }
}

/** A brief's subject as a topic: its first clause, lower-cased, at most six words. */
export function briefTopic(brief: string): string {
  const clause = brief.split(/[.!?:;\n]/)[0]!.trim();
  return (
    clause
      .split(/\s+/)
      .slice(0, 6)
      .join(' ')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s'-]/gu, '')
      .trim() || brief.trim()
  );
}
