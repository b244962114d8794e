import type { HookType } from '../patterns/index.js';
import { BODY_FRAMES, HOOK_FRAMES, LIST_FRAMES, PLAIN_CLOSES, QUESTION_CLOSES } from './composer-frames.js';
import { mulberry32 } from '../lib/random.js';

/**
 * The embedded generator's writing (SPEC §7 `composer`): no model, deterministic for a seed. A
 * draft is a hook sentence of the target family, one to three body sentences (or a numbered
 * list) and a close, in the shape of the account's best posts. Pure: the pattern engine's hook
 * detection is passed in, and every draft's hook is checked with it; a frame whose filled text
 * the engine does not read as the target hook, or that contains a word the persona avoids, is
 * skipped.
 *
 * Varied: within a batch no sentence frame is used twice while its pool has unused frames (six
 * hook frames per family, 24 body sentences, 12 list items, six closes of each kind).
 */

export const MAX_POST_CHARS = 500;

/** How the account's best posts are built (from the pattern engine's structure of each). */
export interface ComposerStyle {
  /** their openings stand on a line of their own */
  lineBreaks: boolean;
  list: boolean;
  endsWithQuestion: boolean;
  emoji: boolean;
  hashtags: boolean;
  /** body sentences after the hook, 1..3 */
  bodySentences: number;
}

export const DEFAULT_STYLE: ComposerStyle = {
  lineBreaks: true,
  list: false,
  endsWithQuestion: true,
  emoji: false,
  hashtags: false,
  bodySentences: 2,
};

export interface ComposeRequest {
  topics: readonly string[];
  /** words a draft must not contain (case-insensitive, whole words) */
  avoid: readonly string[];
  /** the hook family of every draft; default: a seeded rotation of DEFAULT_FAMILIES */
  hookFamily?: HookType;
  /** without `hookFamily`: these open the rotation (winners of the persona's experiments) */
  favoured?: readonly HookType[];
  style: ComposerStyle;
  seed: number;
  count: number;
}

export interface ComposedDraft {
  text: string;
  hook_family: HookType;
  topic: string;
  /** ids of the frames used (`hook:discovery:2`, `body:5`, …) */
  frames: string[];
}

/** The families a batch without a target rotates through (offers, alarms and calls to action only when asked for). */
export const DEFAULT_FAMILIES: readonly HookType[] = [
  'discovery',
  'statistical',
  'transformation_story',
  'curiosity_gap',
  'question',
  'listicle',
  'how_to',
  'contrarian',
  'personal_story',
  'social_proof',
  'direct_address',
];

/** Uniform integers in [0, n) from mulberry32 (src/lib/random.ts), so a batch is the same for the same seed. */
class Rng {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}

export class ComposeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ComposeError';
  }
}

/** Hook families the pattern engine finds in a text. */
export type DetectHooks = (text: string) => readonly HookType[];

const SLOT = /\{([A-Za-z_]+)\}/g;

/** The rotation with the favoured families moved to its front (unchanged without any). */
function favouredFirst(rotation: HookType[], favoured: readonly HookType[] = []): HookType[] {
  if (favoured.length === 0) return rotation;
  const first = [...new Set(favoured)];
  return [...first, ...rotation.filter((f) => !first.includes(f))];
}

export function compose(req: ComposeRequest, detect: DetectHooks): ComposedDraft[] {
  const rng = new Rng(req.seed);
  const topics = req.topics.map((t) => t.trim()).filter((t) => t.length > 0 && !avoided(t, req.avoid));
  if (topics.length === 0)
    throw new ComposeError('no topic to write about (every topic is empty or avoided)');
  const used = new Set<string>();
  const families = req.hookFamily
    ? [req.hookFamily]
    : favouredFirst(shuffled(DEFAULT_FAMILIES, rng), req.favoured);
  const topicOrder = shuffled(topics, rng);
  const out: ComposedDraft[] = [];
  for (let i = 0; i < req.count; i++) {
    const family = families[i % families.length]!;
    const topic = topicOrder[i % topicOrder.length]!;
    out.push(composeOne(family, topic, topics, req, rng, used, detect));
  }
  return out;
}

function composeOne(
  family: HookType,
  firstTopic: string,
  topics: readonly string[],
  req: ComposeRequest,
  rng: Rng,
  used: Set<string>,
  detect: DetectHooks,
): ComposedDraft {
  const hookIds = HOOK_FRAMES[family].map((_, i) => `hook:${family}:${i}`);
  const topicTries = [firstTopic, ...topics.filter((t) => t !== firstTopic)];
  for (const topic of topicTries) {
    const values = slotValues(topic, rng);
    for (const id of preferUnused(hookIds, used, rng)) {
      const frame = HOOK_FRAMES[family][Number(id.split(':')[2])]!;
      const hook = fill(frame, values);
      if (hook === null || avoided(hook, req.avoid)) continue;
      const rest = body(family, values, req, rng, used);
      const text = fitted(hook, rest, req.style);
      if (avoided(text, req.avoid) || !detect(text).includes(family)) continue;
      used.add(id);
      for (const f of rest.frames) used.add(f);
      return { text, hook_family: family, topic, frames: [id, ...rest.frames] };
    }
  }
  throw new ComposeError(
    `no ${family} hook could be written about ${topics.join(', ')} without an avoided word`,
  );
}

interface Body {
  sentences: string[];
  list: string[];
  close: string | null;
  frames: string[];
}

function body(
  family: HookType,
  values: Record<string, string>,
  req: ComposeRequest,
  rng: Rng,
  used: ReadonlySet<string>,
): Body {
  const style = req.style;
  const frames: string[] = [];
  const take = (prefix: string, pool: readonly string[], n: number): string[] => {
    const ids = preferUnused(
      pool.map((_, i) => `${prefix}:${i}`),
      used,
      rng,
    ).filter((id) => {
      const text = fill(pool[Number(id.split(':')[1])]!, values);
      return text !== null && !avoided(text, req.avoid);
    });
    const picked = ids.slice(0, n);
    frames.push(...picked);
    return picked.map((id) => fill(pool[Number(id.split(':')[1])]!, values)!);
  };
  const listItems = family === 'listicle' ? Number(values.n) : style.list ? 3 : 0;
  const list = listItems > 0 ? take('list', LIST_FRAMES, listItems) : [];
  const sentences = take(
    'body',
    BODY_FRAMES,
    list.length > 0 ? 1 : Math.max(1, Math.min(3, style.bodySentences)),
  );
  // A question hook already asks; its close is a plain one.
  const closeWithQuestion = style.endsWithQuestion && family !== 'question';
  const [close] = take(
    closeWithQuestion ? 'qclose' : 'close',
    closeWithQuestion ? QUESTION_CLOSES : PLAIN_CLOSES,
    1,
  );
  return { sentences, list, close: close ?? null, frames };
}

/** The parts joined in the account's style, shortened (body sentences dropped) to fit 500 characters. */
function fitted(hook: string, rest: Body, style: ComposerStyle): string {
  const sentences = [...rest.sentences];
  for (;;) {
    const text = join(hook, sentences, rest, style);
    if ([...text].length <= MAX_POST_CHARS || sentences.length === 0) return text;
    sentences.pop();
  }
}

function join(hook: string, sentences: string[], rest: Body, style: ComposerStyle): string {
  const sep = style.lineBreaks ? '\n\n' : ' ';
  const parts = [hook];
  if (rest.list.length > 0) parts.push(rest.list.map((item, i) => `${i + 1}. ${item}`).join('\n'));
  if (sentences.length > 0) parts.push(sentences.join(' '));
  if (rest.close) parts.push(style.emoji ? `${rest.close} ✨` : rest.close);
  let text = rest.list.length > 0 ? parts.join('\n\n') : parts.join(sep);
  if (style.hashtags) {
    const tag = hashtagOf(hook);
    if (tag) text += ` ${tag}`;
  }
  return text;
}

function hashtagOf(text: string): string | null {
  const word = text.match(/\b[A-Za-z]{5,}\b/g)?.at(-1);
  return word ? `#${word.toLowerCase()}` : null;
}

function slotValues(topic: string, rng: Rng): Record<string, string> {
  return {
    topic,
    Topic: topic.charAt(0).toUpperCase() + topic.slice(1),
    n: String(3 + rng.int(3)),
    pct: String(20 + 5 * rng.int(13)),
    k: String(2 + rng.int(9)),
    months: String(3 + rng.int(10)),
    weeks: String(2 + rng.int(7)),
    keyword: (topic.match(/[A-Za-z]+/)?.[0] ?? 'GUIDE').toUpperCase(),
  };
}

/** The frame with its slots filled; null when a slot has no value. */
function fill(frame: string, values: Record<string, string>): string | null {
  let missing = false;
  const text = frame.replace(SLOT, (_, name: string) => {
    const v = values[name];
    if (v === undefined) missing = true;
    return v ?? '';
  });
  return missing ? null : text;
}

/** Unused ids first (in seeded order), then used ones. */
function preferUnused(ids: readonly string[], used: ReadonlySet<string>, rng: Rng): string[] {
  const order = shuffled(ids, rng);
  return [...order.filter((id) => !used.has(id)), ...order.filter((id) => used.has(id))];
}

function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** Whether the text contains one of the words (whole words, case-insensitive). */
export function avoided(text: string, words: readonly string[]): boolean {
  const lower = text.toLowerCase();
  return words.some((w) => {
    const word = w.trim().toLowerCase();
    if (word.length === 0) return false;
    let at = lower.indexOf(word);
    while (at >= 0) {
      const before = lower[at - 1];
      const after = lower[at + word.length];
      if (!isWordChar(before) && !isWordChar(after)) return true;
      at = lower.indexOf(word, at + 1);
    }
    return false;
  });
}

function isWordChar(c: string | undefined): boolean {
  return c !== undefined && /[\p{L}\p{N}_]/u.test(c);
}
