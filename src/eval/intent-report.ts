/**
 * Confusion matrices of the reply-intent classifier on the real sets, in Markdown, for
 * docs/evaluation.md:
 *
 *   npx tsx src/eval/intent-report.ts [--datasets DIR]
 *
 * tweet-acts: rows are the annotators' speech acts, columns the predicted intent. goemotions:
 * rows are the README's intent groups of a comment's emotions (a comment with several groups
 * counts in each; `none` = no mapped group), columns the predicted intent.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { INTENT_EMOTION_GROUPS } from '../nlp/intent-features.js';
import { INTENTS, classifyIntent, type Intent } from '../nlp/intent.js';
import { parseGoEmotionsRow } from './goemotions-row.js';
import { defaultDatasetsDir, readJsonlRows } from './run.js';
import { TWEET_ACTS, parseTweetActsRow } from './tweet-acts.js';

export function confusionTable(
  rowsLabel: string,
  rows: readonly string[],
  counts: Map<string, Map<Intent, number>>,
): string {
  const head = `| ${rowsLabel} | ${INTENTS.join(' | ')} | n |`;
  const sep = `| --- | ${INTENTS.map(() => '---:').join(' | ')} | ---: |`;
  const lines = rows.map((r) => {
    const c = counts.get(r) ?? new Map<Intent, number>();
    const n = [...c.values()].reduce((a, b) => a + b, 0);
    return `| ${r} | ${INTENTS.map((i) => String(c.get(i) ?? 0)).join(' | ')} | ${n} |`;
  });
  return [head, sep, ...lines].join('\n');
}

function bump(counts: Map<string, Map<Intent, number>>, row: string, intent: Intent): void {
  const c = counts.get(row) ?? new Map<Intent, number>();
  c.set(intent, (c.get(intent) ?? 0) + 1);
  counts.set(row, c);
}

export async function intentReport(datasets: string): Promise<string> {
  const tweets = await readJsonlRows(resolve(datasets, 'tweet-acts/dev.jsonl'), (v) => parseTweetActsRow(v));
  const ta = new Map<string, Map<Intent, number>>();
  for (const r of tweets) bump(ta, r.act, classifyIntent(r.text).intent);
  const comments = await readJsonlRows(resolve(datasets, 'goemotions/dev.jsonl'), (v) =>
    parseGoEmotionsRow(v),
  );
  const ge = new Map<string, Map<Intent, number>>();
  const groups = Object.entries(INTENT_EMOTION_GROUPS) as [string, readonly string[]][];
  for (const r of comments) {
    const intent = classifyIntent(r.text).intent;
    const hit = groups.filter(([, g]) => r.labels.some((l) => g.includes(l))).map(([name]) => name);
    for (const name of hit.length > 0 ? hit : ['none']) bump(ge, name, intent);
  }
  return [
    '**tweet-acts dev** (rows: speech act; QUE is the question class)',
    '',
    confusionTable('act', TWEET_ACTS, ta),
    '',
    '**goemotions dev** (rows: intent group of the emotion labels)',
    '',
    confusionTable('group', [...groups.map(([g]) => g), 'none'], ge),
  ].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { datasets: { type: 'string' } } });
  const datasets = values.datasets ? resolve(values.datasets) : defaultDatasetsDir();
  process.stdout.write(`${await intentReport(datasets)}\n`);
}
