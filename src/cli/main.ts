import { ConfigError } from '../config.ts';
import { isDomainError } from '../domain/errors.ts';
import { DataDirBusyError } from '../store/data-dir-lock.ts';
import { CliError, type CliIo, readAll } from './cli-io.ts';
import { cliVersion } from './cli-version.ts';
import type { Command } from './command.ts';
import { backupSpec, backupVerifySpec, restoreSpec } from './commands/backup-specs.ts';
import { financeCommands } from './commands/finance-commands.ts';
import { forecastCommand, forecastSpec } from './commands/forecast-command.ts';
import { ingestCommands } from './commands/ingest-commands.ts';
import { jobsListSpec, jobsRunSpec } from './commands/jobs-specs.ts';
import { migrateSpec } from './commands/migrate-spec.ts';
import { planCommands } from './commands/plan-commands.ts';
import { serveSpec } from './commands/serve-spec.ts';
import { tenantsCreateSpec, tenantsListSpec } from './commands/tenants-specs.ts';
import { tokensCreateSpec, tokensListSpec, tokensRevokeSpec } from './commands/tokens-specs.ts';
import { helpText, parseCommand } from './parse-command.ts';

/**
 * A command whose code is loaded when it runs. The server and the admin commands pull in Hono,
 * Kysely and the database drivers; loading them for `forecast` or `--help` would cost most of a
 * short command's run time.
 */
function later(load: () => Promise<Command['run']>): Command['run'] {
  return async (io, parsed) => (await load())(io, parsed);
}

const serve = () => import('./commands/serve-command.ts');
const migrate = () => import('./commands/migrate-command.ts');
const tenants = () => import('./commands/tenants-command.ts');
const tokens = () => import('./commands/tokens-command.ts');
const backup = () => import('./commands/backup-command.ts');
const jobs = () => import('./commands/jobs-command.ts');

/** Every command by its words; `lastplan tokens create` is the key 'tokens create'. */
const commands: Record<string, Command> = {
  serve: { spec: serveSpec, run: later(async () => (await serve()).serveCommand) },
  migrate: { spec: migrateSpec, run: later(async () => (await migrate()).migrateCommand) },
  'tenants create': {
    spec: tenantsCreateSpec,
    run: later(async () => (await tenants()).tenantsCreateCommand),
  },
  'tenants list': { spec: tenantsListSpec, run: later(async () => (await tenants()).tenantsListCommand) },
  'tokens create': { spec: tokensCreateSpec, run: later(async () => (await tokens()).tokensCreateCommand) },
  'tokens list': { spec: tokensListSpec, run: later(async () => (await tokens()).tokensListCommand) },
  'tokens revoke': { spec: tokensRevokeSpec, run: later(async () => (await tokens()).tokensRevokeCommand) },
  backup: { spec: backupSpec, run: later(async () => (await backup()).backupCommand) },
  'backup verify': { spec: backupVerifySpec, run: later(async () => (await backup()).backupVerifyCommand) },
  restore: { spec: restoreSpec, run: later(async () => (await backup()).restoreCommand) },
  'jobs list': { spec: jobsListSpec, run: later(async () => (await jobs()).jobsListCommand) },
  'jobs run': { spec: jobsRunSpec, run: later(async () => (await jobs()).jobsRunCommand) },
  forecast: { spec: forecastSpec, run: forecastCommand },
  ...ingestCommands,
  ...planCommands,
  ...financeCommands,
};

function overview(): string {
  const width = Math.max(...Object.keys(commands).map((k) => k.length)) + 2;
  return [
    'Usage: lastplan <command> [options]',
    '',
    'lastplan plans the capacity and cost of public digital services.',
    '',
    'Commands:',
    ...Object.entries(commands).map(
      ([name, c]) => `  ${name.padEnd(width)} ${c.spec.summary.split('. ')[0]?.replace(/\.$/, '')}`,
    ),
    '',
    'Run "lastplan <command> --help" for the options of a command, "lastplan --version" for the version.',
    '',
  ].join('\n');
}

export const nodeIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdin: () => readAll(process.stdin),
  env: process.env,
};

/** Runs the CLI and returns the exit code. Every failure is one line on stderr. */
export async function main(argv: readonly string[], io: CliIo = nodeIo): Promise<number> {
  if (argv[0] === '--version' || argv[0] === '-V') {
    io.stdout(argv.includes('--json') ? `${JSON.stringify({ version: cliVersion })}\n` : `${cliVersion}\n`);
    return 0;
  }
  const words = argv.filter((a) => !a.startsWith('-')).slice(0, 2);
  const key = commands[words.slice(0, 2).join(' ')] ? words.slice(0, 2).join(' ') : words[0];
  if (
    argv.length === 0 ||
    key === undefined ||
    key === 'help' ||
    (argv[0]?.startsWith('-') && key === undefined)
  ) {
    io.stdout(overview());
    return argv.length === 0 || argv.includes('--help') || argv.includes('-h') || key === 'help' ? 0 : 2;
  }
  const command = commands[key];
  if (!command) {
    const group = Object.keys(commands).filter((name) => name.startsWith(`${key} `));
    io.stderr(
      group.length > 0
        ? `lastplan: "${key}" needs a subcommand: ${group.map((g) => g.split(' ')[1]).join(', ')}\n`
        : `lastplan: unknown command "${key}"; run "lastplan --help" for the list\n`,
    );
    return 2;
  }
  const rest = [...argv];
  for (const word of key.split(' ')) rest.splice(rest.indexOf(word), 1);
  try {
    const parsed = parseCommand(command.spec, rest);
    if (parsed === 'help') {
      io.stdout(helpText(command.spec));
      return 0;
    }
    return await command.run(io, parsed);
  } catch (error) {
    io.stderr(`lastplan: ${messageOf(error)}\n`);
    return error instanceof CliError ? error.exitCode : 1;
  }
}

function messageOf(error: unknown): string {
  if (error instanceof CliError || error instanceof ConfigError || error instanceof DataDirBusyError)
    return error.message;
  if (isDomainError(error)) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  if (/ECONNREFUSED|ENOTFOUND|connect/i.test(message)) return `cannot reach the database: ${message}`;
  return message.split('\n')[0] ?? 'unknown error';
}
