import type { Writable } from 'node:stream';
import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import type { Draft, DraftService, GenerateRequest, GeneratorName } from '../content/index.js';
import { createDeps } from '../deps.js';
import { HOOK_TYPES, type HookType } from '../patterns/index.js';
import { loadConfigOrExit } from './serve.js';

export interface GenerateIo {
  stdout: Writable;
  stderr: Writable & { isTTY?: boolean };
}

export interface GenerateCliOptions {
  persona: string;
  count: string;
  brief?: string;
  template?: string;
  hook?: string;
  generator?: string;
  seed?: string;
  json?: boolean;
}

/** Parse the command's options into a generate request; a bad value throws with the option's name. */
export function parseGenerateOptions(opts: GenerateCliOptions): GenerateRequest {
  const count = Number(opts.count);
  if (!Number.isInteger(count) || count < 1 || count > 20)
    throw new Error(`--count must be 1..20, got ${opts.count}`);
  const req: GenerateRequest = { persona_id: opts.persona, count };
  if (opts.brief !== undefined) req.brief = opts.brief;
  if (opts.template !== undefined) {
    const id = Number(opts.template);
    if (!Number.isInteger(id) || id < 1)
      throw new Error(`--template must be a template id, got ${opts.template}`);
    req.template_id = id;
  }
  if (opts.hook !== undefined) {
    if (!(HOOK_TYPES as readonly string[]).includes(opts.hook))
      throw new Error(`--hook must be one of ${HOOK_TYPES.join(', ')}, got ${opts.hook}`);
    req.hook_family = opts.hook as HookType;
  }
  if (opts.generator !== undefined) {
    if (opts.generator !== 'composer' && opts.generator !== 'openai-compatible')
      throw new Error(`--generator must be composer or openai-compatible, got ${opts.generator}`);
    req.generator = opts.generator as GeneratorName;
  }
  if (opts.seed !== undefined) {
    const seed = Number(opts.seed);
    if (!Number.isInteger(seed) || seed < 0)
      throw new Error(`--seed must be a non-negative integer, got ${opts.seed}`);
    req.seed = seed;
  }
  return req;
}

/** Generate, with a progress bar on a terminal, and print each draft with its scores. */
export async function runGenerate(
  drafts: Pick<DraftService, 'generate'>,
  req: GenerateRequest,
  io: GenerateIo,
  json = false,
): Promise<Draft[]> {
  const bar =
    io.stderr.isTTY === true
      ? new SingleBar(
          { stream: io.stderr, format: 'generating {bar} {value}/{total} drafts', noTTYOutput: false },
          Presets.shades_classic,
        )
      : null;
  bar?.start(req.count, 0);
  try {
    const made = await drafts.generate(req, (done) => bar?.update(done));
    bar?.update(req.count);
    bar?.stop();
    for (const d of made) io.stdout.write(json ? `${JSON.stringify(d)}\n` : formatDraft(d));
    return made;
  } catch (err) {
    bar?.stop();
    throw err;
  }
}

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;

export function formatDraft(d: Draft): string {
  const p = d.predicted_engagement;
  const lines = [
    `#${d.id} ${d.persona_id} · ${d.generator}${d.hook_family ? ` · ${d.hook_family}` : ''} · ${d.status}`,
    d.text,
    `predicted engagement ${pct(p.mean)} (${pct(p.low)}–${pct(p.high)})${p.note ? ` — ${p.note}` : ''}`,
    `hooks: ${d.hooks.map((h) => h.type).join(', ') || 'none'} · limits ${d.limits_ok ? 'ok' : d.limit_reasons.map((r) => r.message).join('; ')}` +
      (d.near_duplicate
        ? ` · near duplicate of ${d.near_duplicate.post_id ? `post ${d.near_duplicate.post_id}` : `draft #${d.near_duplicate.draft_id}`} (${d.near_duplicate.similarity})`
        : ''),
  ];
  return `${lines.join('\n')}\n\n`;
}

/** `threads-agent drafts …`: the content engine from the command line. */
export function registerDraftsCommand(program: Command): void {
  const drafts = program.command('drafts').description('drafts of the content engine');
  drafts
    .command('generate')
    .description(
      'generate drafts for a persona, scored and stored for review (DATABASE_URL, else the embedded store in DATA_DIR: stop the server first)',
    )
    .requiredOption('--persona <id>', 'persona id')
    .option('--count <n>', 'how many drafts (1..20)', '3')
    .option('--brief <text>', 'what the posts should be about')
    .option('--template <id>', 'prompt template id')
    .option('--hook <family>', 'hook family to open with')
    .option('--generator <name>', 'composer or openai-compatible')
    .option('--seed <n>', 'composer seed')
    .option('--json', 'one JSON object per draft')
    .action(async (opts: GenerateCliOptions) => {
      const req = parseGenerateOptions(opts);
      const deps = await createDeps(loadConfigOrExit({ SOURCE: 'none' }), { role: 'api' });
      try {
        await runGenerate(
          deps.content.drafts,
          req,
          { stdout: process.stdout, stderr: process.stderr },
          opts.json === true,
        );
      } finally {
        await deps.close();
      }
    });
}
