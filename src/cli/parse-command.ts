import { parseArgs } from 'node:util';
import { CliError } from './cli-io.ts';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly description: string;
  readonly placeholder?: string;
}

export interface CommandSpec {
  readonly usage: string;
  readonly summary: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  readonly positionals?: number;
  readonly examples?: readonly string[];
}

export interface ParsedCommand {
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: readonly string[];
}

/** Parses a command's arguments strictly: unknown options and stray arguments are usage errors. */
export function parseCommand(spec: CommandSpec, args: readonly string[]): ParsedCommand | 'help' {
  if (args.includes('--help') || args.includes('-h')) return 'help';
  const options = Object.fromEntries(
    Object.entries(spec.options).map(([name, o]) => [name, { type: o.type }]),
  );
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliError(
      `${(error as Error).message.split('\n')[0]} (see: lastplan ${spec.usage.split(' ').slice(0, 2).join(' ')} --help)`,
      2,
    );
  }
  const allowed = spec.positionals ?? 0;
  if (parsed.positionals.length > allowed) {
    throw new CliError(
      `unexpected argument ${JSON.stringify(parsed.positionals[allowed])}; usage: lastplan ${spec.usage}`,
      2,
    );
  }
  return { values: parsed.values as ParsedCommand['values'], positionals: parsed.positionals };
}

export function helpText(spec: CommandSpec): string {
  const width =
    Math.max(...Object.entries(spec.options).map(([n, o]) => n.length + (o.placeholder?.length ?? 0)), 4) + 4;
  const lines = [`Usage: lastplan ${spec.usage}`, '', spec.summary, '', 'Options:'];
  for (const [name, option] of Object.entries(spec.options)) {
    const left = `--${name}${option.placeholder ? ` ${option.placeholder}` : ''}`;
    lines.push(`  ${left.padEnd(width + 2)} ${option.description}`);
  }
  lines.push(`  ${'--help'.padEnd(width + 2)} show this help`);
  if (spec.examples?.length) lines.push('', 'Examples:', ...spec.examples.map((e) => `  ${e}`));
  return `${lines.join('\n')}\n`;
}

export function requireString(parsed: ParsedCommand, name: string, spec: CommandSpec): string {
  const value = parsed.values[name];
  if (typeof value !== 'string' || value === '') {
    throw new CliError(`--${name} is required; usage: lastplan ${spec.usage}`, 2);
  }
  return value;
}

export function optionalString(parsed: ParsedCommand, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
