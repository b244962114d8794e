import pRetry, { AbortError } from 'p-retry';
import pTimeout, { TimeoutError } from 'p-timeout';
import { HOOK_TYPE_INFO } from '../patterns/pattern-types.js';
import { MAX_POST_CHARS } from './composer.js';
import { GenerationError, type GeneratedText, type GenerationInput, type Generator } from './generator.js';
import { fillSlots } from './templates.js';

/**
 * `openai-compatible` (SPEC §7): any server speaking `POST {base}/v1/chat/completions` (OpenAI,
 * Ollama, vLLM, llama.cpp server, LM Studio). One request per draft, each with a timeout;
 * 429 and 5xx answers and network failures are retried with exponential backoff, waiting at
 * least what `Retry-After` asks; any other 4xx fails at once. An answer without a text
 * (malformed JSON, no choices, empty content) is a GenerationError that says what was wrong.
 * The API key goes only into the Authorization header: never into a message or a log.
 */

export interface OpenAiGeneratorOptions {
  baseUrl: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
  /** retries after the first try (default 3) */
  retries?: number;
  /** first backoff in ms (default 500; doubles) */
  minBackoffMs?: number;
  /** longest Retry-After honoured, in ms (default 60 s) */
  maxRetryAfterMs?: number;
}

interface ChatAnswer {
  choices?: { message?: { content?: unknown } }[];
  usage?: { total_tokens?: unknown; prompt_tokens?: unknown; completion_tokens?: unknown };
}

class RetryableHttpError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | null,
  ) {
    super(message);
  }
}

export class OpenAiCompatibleGenerator implements Generator {
  readonly name = 'openai-compatible' as const;
  private readonly url: string;

  constructor(private readonly o: OpenAiGeneratorOptions) {
    this.url = `${o.baseUrl.replace(/\/+$/, '')}/v1/chat/completions`;
  }

  async generate(input: GenerationInput, onDraft?: (done: number) => void): Promise<GeneratedText[]> {
    const out: GeneratedText[] = [];
    for (let i = 0; i < input.count; i++) {
      out.push(await this.one(input, i));
      onDraft?.(i + 1);
    }
    return out;
  }

  /** The chat messages of one draft (exported for tests through the fake server's log). */
  messages(input: GenerationInput, index: number): { role: 'system' | 'user'; content: string }[] {
    const p = input.persona;
    const family = input.hookFamily;
    const topic = p.topics[index % Math.max(1, p.topics.length)] ?? p.name;
    const rules = [
      `You write one Threads post for ${p.name}.`,
      p.voice ? `Voice: ${p.voice}` : '',
      `Language: ${p.language}.`,
      `At most ${MAX_POST_CHARS} characters and at most 5 links. No placeholders in braces.`,
      p.avoid.length > 0 ? `Never use these words: ${p.avoid.join(', ')}.` : '',
      family
        ? `Open with a ${family.replaceAll('_', ' ')} hook, like: "${HOOK_TYPE_INFO[family].template}".`
        : '',
      'Answer with the post text only.',
    ].filter(Boolean);
    const values = {
      topic,
      topics: p.topics.join(', '),
      brief: input.brief ?? topic,
      hook_family: family ?? '',
      persona: p.name,
      voice: p.voice,
      language: p.language,
    };
    const user = input.template
      ? fillSlots(input.template.body, values)
      : `Write a post about ${input.brief ?? topic}. Draft ${index + 1} of ${input.count}: make it different from the others.`;
    return [
      { role: 'system', content: rules.join('\n') },
      { role: 'user', content: user },
    ];
  }

  private async one(input: GenerationInput, index: number): Promise<GeneratedText> {
    const body = JSON.stringify({
      model: this.o.model,
      messages: this.messages(input, index),
      temperature: 0.9,
      seed: input.seed + index,
    });
    const minTimeout = this.o.minBackoffMs ?? 500;
    try {
      const answer = await pRetry(() => this.post(body), {
        retries: this.o.retries ?? 3,
        minTimeout,
        factor: 2,
        randomize: false,
        onFailedAttempt: async (err) => {
          const wait = err instanceof RetryableHttpError ? err.retryAfterMs : null;
          // p-retry then waits its own backoff; Retry-After asks for at least this much in total
          if (wait !== null && err.retriesLeft > 0) {
            const backoff = minTimeout * 2 ** (err.attemptNumber - 1);
            if (wait > backoff) await new Promise((r) => setTimeout(r, wait - backoff));
          }
        },
      });
      return parseAnswer(answer, input);
    } catch (err) {
      if (err instanceof GenerationError) throw err;
      throw new GenerationError(
        `the LLM server at ${this.url} failed: ${err instanceof Error ? err.message : String(err)}`,
        { cause: err },
      );
    }
  }

  private async post(body: string): Promise<unknown> {
    const controller = new AbortController();
    const request = (async () => {
      const res = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(this.o.apiKey ? { authorization: `Bearer ${this.o.apiKey}` } : {}),
        },
        body,
        signal: controller.signal,
      });
      const text = await res.text();
      if (res.status === 429 || res.status >= 500) {
        throw new RetryableHttpError(
          `HTTP ${res.status}`,
          retryAfterMs(res.headers.get('retry-after'), this.o.maxRetryAfterMs ?? 60_000),
        );
      }
      if (!res.ok) throw new AbortError(`HTTP ${res.status}: ${text.slice(0, 200)}`);
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new AbortError(`malformed answer (not JSON): ${JSON.stringify(text.slice(0, 100))}`);
      }
    })();
    try {
      return await pTimeout(request, {
        milliseconds: this.o.timeoutMs,
        message: `no answer within ${this.o.timeoutMs} ms`,
      });
    } catch (err) {
      if (err instanceof TimeoutError) controller.abort();
      throw err;
    }
  }
}

function parseAnswer(answer: unknown, input: GenerationInput): GeneratedText {
  const a = answer as ChatAnswer | null;
  const content =
    typeof a === 'object' && a !== null && Array.isArray(a.choices)
      ? a.choices[0]?.message?.content
      : undefined;
  if (typeof content !== 'string' || content.trim() === '') {
    throw new GenerationError('malformed answer from the LLM server: no choices[0].message.content text');
  }
  const usage = a!.usage;
  const total =
    typeof usage?.total_tokens === 'number'
      ? usage.total_tokens
      : typeof usage?.prompt_tokens === 'number' && typeof usage.completion_tokens === 'number'
        ? usage.prompt_tokens + usage.completion_tokens
        : null;
  return {
    text: content
      .trim()
      .replace(/^"([\s\S]*)"$/, '$1')
      .trim(),
    hook_family: input.hookFamily ?? null,
    tokens_used: total,
  };
}

/** Retry-After in ms: delay-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, max: number, now = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now;
  if (!Number.isFinite(ms)) return null;
  return Math.min(max, Math.max(0, ms));
}
