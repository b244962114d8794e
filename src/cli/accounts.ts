import type { Command } from 'commander';
import type { AccountsModule } from '../accounts/module.js';
import { createDeps } from '../deps.js';
import { loadConfigOrExit } from './serve.js';

/** Build the app's services on the configured store (no demo source), run `fn` on the accounts module, close. */
async function withAccounts<T>(fn: (accounts: AccountsModule) => Promise<T>): Promise<T> {
  const deps = await createDeps(loadConfigOrExit({ SOURCE: 'none' }), { role: 'api' });
  try {
    return await fn(deps.accounts);
  } finally {
    await deps.close();
  }
}

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text.trim();
}

/** `threads-agent accounts …`: connected Threads accounts (DATABASE_URL, else the embedded store). */
export function registerAccountsCommand(program: Command): void {
  const accounts = program
    .command('accounts')
    .description(
      'connected Threads accounts (DATABASE_URL, else the embedded store in DATA_DIR: stop the server first)',
    );
  accounts
    .command('add')
    .description(
      'add an account with a long-lived token (checked with Threads /me, stored encrypted with SECRET_KEY)',
    )
    .requiredOption(
      '--token <token>',
      'the long-lived access token; "-" reads it from stdin (keeps it out of the shell history)',
    )
    .action(async (opts: { token: string }) => {
      const token = opts.token === '-' ? await readStdin() : opts.token.trim();
      if (token === '') throw new Error('--token is empty');
      const account = await withAccounts((m) => m.service.addToken(token));
      process.stdout.write(
        `added @${account.username ?? ''} (${account.account_id}), token valid until ${account.token_expires_at ?? '?'}\n`,
      );
    });
  accounts
    .command('list')
    .description('connected accounts with token state, expiry, last poll and API calls (never the token)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const rows = (await withAccounts((m) => m.service.list())).filter((a) => a.connected);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      if (rows.length === 0) {
        process.stdout.write(
          'no connected account (threads-agent accounts add --token …, or Connect on the dashboard)\n',
        );
        return;
      }
      const lines = rows.map((a) =>
        [
          a.account_id,
          `@${a.username ?? ''}`,
          a.token_status ?? '',
          a.token_expires_at ?? '',
          a.last_polled_at ?? 'never',
          String(a.usage.calls_24h),
        ].join('\t'),
      );
      process.stdout.write(
        `${['id', 'username', 'token', 'expires', 'last polled', 'calls 24h'].join('\t')}\n${lines.join('\n')}\n`,
      );
    });
  accounts
    .command('rotate-key')
    .description(
      'after setting a new SECRET_KEY with the old one in SECRET_KEY_PREVIOUS: re-encrypt every token with SECRET_KEY',
    )
    .action(async () => {
      const outcome = await withAccounts((m) => m.service.rotateKey());
      process.stdout.write(`re-encrypted ${outcome.rotated}, already on SECRET_KEY ${outcome.unchanged}\n`);
      if (outcome.failed.length > 0)
        throw new Error(
          `${outcome.failed.length} token(s) open with neither SECRET_KEY nor SECRET_KEY_PREVIOUS (accounts ${outcome.failed.join(', ')}): reconnect them`,
        );
    });
}
