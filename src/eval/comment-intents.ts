import { accuracy, macroF1, type PrecisionRecallF1 } from './metrics.js';
import { SimulatorEngine } from '../source/simulator/engine.js';
import type { CommentLabel } from '../source/threads-source.js';
import { creatorReplyAnalysis, type Analyzer } from '../comments/intents.js';
import { INTENTS, type Intent } from '../comments/schemas.js';

/**
 * How well the intent classifier recovers the simulator's true comment labels: per-class
 * precision and recall, macro-F1 and the confusion matrix. The simulator's replies come from
 * templates written for the demo, so this measures the pipeline end to end on Threads-like
 * replies — not generalisation to real people (docs/evaluation.md says which figure is which).
 */

export interface LabelledComment {
  text: string;
  label: CommentLabel;
  /** written by the post's author: the pipeline files it as other (creatorReplyAnalysis) */
  creator?: boolean;
}

export interface SimulatorCorpusOptions {
  /** simulator seed (default 42, the demo's) */
  seed?: number;
  /** simulated hours after the start; the demo backlog starts 72 h before (default 24) */
  hours?: number;
  /** stop after this many comments (default 20,000) */
  maxComments?: number;
}

/**
 * The labelled replies of the demo world: every comment on every demo post published within
 * the simulated span, deterministic for a seed.
 */
export function simulatorCorpus(opts: SimulatorCorpusOptions = {}): LabelledComment[] {
  const start = Date.parse('2026-11-20T00:00:00Z');
  const clock = { now: start };
  const sim = new SimulatorEngine({
    seed: opts.seed ?? 42,
    speedup: 1,
    demo: true,
    clock: () => clock.now,
    startAt: start,
  });
  clock.now += (opts.hours ?? 24) * 3_600_000;
  const max = opts.maxComments ?? 20_000;
  const out: LabelledComment[] = [];
  for (const post of sim.listPublished({ limit: 10_000 })) {
    for (const c of sim.comments(post.id, { limit: 100_000, includeLabels: true })) {
      if (c.true_label === undefined) continue;
      out.push({ text: c.text, label: c.true_label, creator: c.author === post.username });
      if (out.length >= max) return out;
    }
  }
  return out;
}

export interface IntentEvaluation {
  n: number;
  accuracy: number;
  macro_f1: number;
  per_class: Record<Intent, PrecisionRecallF1>;
  /** confusion[truth][predicted] = count */
  confusion: Record<Intent, Record<Intent, number>>;
  model_version: string;
  keywords: string[];
  /** mean classification time per comment, µs */
  micros_per_comment: number;
}

/** Classify every comment and score the predictions against the labels. */
export function evaluateIntents(
  rows: readonly LabelledComment[],
  analyzer: Analyzer,
  opts: { keywords?: readonly string[] } = {},
): IntentEvaluation {
  const truth: Intent[] = [];
  const predicted: Intent[] = [];
  let modelVersion = '';
  const started = performance.now();
  for (const row of rows) {
    const classified = analyzer(row.text, opts.keywords ? { keywords: opts.keywords } : {});
    const a = row.creator === true ? creatorReplyAnalysis(classified) : classified;
    modelVersion = a.model_version;
    truth.push(row.label);
    predicted.push(a.intent);
  }
  const elapsed = performance.now() - started;
  const confusion = Object.fromEntries(
    INTENTS.map((t) => [t, Object.fromEntries(INTENTS.map((p) => [p, 0]))]),
  ) as Record<Intent, Record<Intent, number>>;
  truth.forEach((t, i) => {
    confusion[t][predicted[i] as Intent]++;
  });
  const m = macroF1(truth, predicted, INTENTS);
  return {
    n: rows.length,
    accuracy: accuracy(truth, predicted),
    macro_f1: m.macroF1,
    per_class: m.perClass,
    confusion,
    model_version: modelVersion,
    keywords: [...(opts.keywords ?? [])],
    micros_per_comment: rows.length === 0 ? 0 : (elapsed * 1000) / rows.length,
  };
}

/** A plain-text report: per-class table, then the confusion matrix. */
export function formatIntentEvaluation(e: IntentEvaluation): string {
  const pct = (x: number) => x.toFixed(3);
  const lines = [
    `intent classifier ${e.model_version} on ${e.n} labelled simulator comments` +
      (e.keywords.length > 0 ? ` (trigger keywords: ${e.keywords.join(', ')})` : ' (no trigger keywords)'),
    `accuracy ${pct(e.accuracy)}  macro-F1 ${pct(e.macro_f1)}  (${e.micros_per_comment.toFixed(1)} µs/comment)`,
    '',
    `${'class'.padEnd(16)}${'precision'.padStart(10)}${'recall'.padStart(10)}${'F1'.padStart(10)}${'support'.padStart(10)}`,
    ...INTENTS.map((c) => {
      const r = e.per_class[c];
      return `${c.padEnd(16)}${pct(r.precision).padStart(10)}${pct(r.recall).padStart(10)}${pct(r.f1).padStart(10)}${String(r.support).padStart(10)}`;
    }),
    '',
    `confusion (rows = truth, columns = predicted)`,
    `${''.padEnd(16)}${INTENTS.map((c) => c.slice(0, 9).padStart(10)).join('')}`,
    ...INTENTS.map(
      (t) => `${t.padEnd(16)}${INTENTS.map((p) => String(e.confusion[t][p]).padStart(10)).join('')}`,
    ),
  ];
  return lines.join('\n');
}
