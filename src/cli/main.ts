import { ConfigError } from '../config.ts';
import { isDomainError } from '../domain/errors.ts';
import { DataDirBusyError } from '../store/data-dir-lock.ts';
import { CliError, type CliIo, readAll } from './cli-io.ts';
import type { Command } from './command.ts';
import { financeCommands } from './commands/finance-commands.ts';
import { forecastCommand, forecastSpec } from './commands/forecast-command.ts';
import { ingestCommands } from './commands/ingest-commands.ts';
import { migrateCommand, migrateSpec } from './commands/migrate-command.ts';
import { planCommands } from './commands/plan-commands.ts';
import { serveCommand, serveSpec } from './commands/serve-command.ts';
import {
  tenantsCreateCommand,
  tenantsCreateSpec,
  tenantsListCommand,
  tenantsListSpec,
} from './commands/tenants-command.ts';
import {
  tokensCreateCommand,
  tokensCreateSpec,
  tokensListCommand,
  tokensListSpec,
  tokensRevokeCommand,
  tokensRevokeSpec,
} from './commands/tokens-command.ts';
import { helpText, parseCommand } from './parse-command.ts';

/** Every command by its words; `lastplan tokens create` is the key 'tokens create'. */
const commands: Record<string, Command> = {
  serve: { spec: serveSpec, run: serveCommand },
  migrate: { spec: migrateSpec, run: migrateCommand },
  'tenants create': { spec: tenantsCreateSpec, run: tenantsCreateCommand },
  'tenants list': { spec: tenantsListSpec, run: tenantsListCommand },
  'tokens create': { spec: tokensCreateSpec, run: tokensCreateCommand },
  'tokens list': { spec: tokensListSpec, run: tokensListCommand },
  'tokens revoke': { spec: tokensRevokeSpec, run: tokensRevokeCommand },
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
    'Run "lastplan <command> --help" for the options of a command.',
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
