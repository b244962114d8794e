import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerServeCommand } from './serve.js';

/** `serve` on a program that throws instead of exiting and keeps commander's error output. */
function serveProgram(): { program: Command; errors: () => string } {
  let errors = '';
  const program = new Command()
    .exitOverride()
    .configureOutput({ writeErr: (s) => (errors += s), writeOut: () => undefined });
  registerServeCommand(program);
  return { program, errors: () => errors };
}

describe(registerServeCommand.name, () => {
  it('refuses a --role outside all, api, worker before anything starts', async () => {
    const { program, errors } = serveProgram();
    await expect(program.parseAsync(['serve', '--role', 'cron'], { from: 'user' })).rejects.toMatchObject({
      code: 'commander.invalidArgument',
    });
    expect(errors()).toContain("argument 'cron' is invalid. Allowed choices are all, api, worker.");
  });

  it('refuses a --service outside all, patterns', async () => {
    const { program, errors } = serveProgram();
    await expect(
      program.parseAsync(['serve', '--service', 'comments'], { from: 'user' }),
    ).rejects.toMatchObject({ code: 'commander.invalidArgument' });
    expect(errors()).toContain("argument 'comments' is invalid. Allowed choices are all, patterns.");
  });

  it('lists the choices and defaults in --help', () => {
    const { program } = serveProgram();
    const serve = program.commands.find((c) => c.name() === 'serve')!;
    const help = serve.helpInformation();
    expect(help).toMatch(/--role <role>[\s\S]*choices: "all", "api",\s+"worker", default: "all"/);
    expect(help).toMatch(/--service <service>[\s\S]*choices: "all", "patterns",\s+default: "all"/);
  });
});
