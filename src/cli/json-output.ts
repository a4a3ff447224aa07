import type { CliIo } from './cli-io.ts';
import type { OptionSpec, ParsedCommand } from './parse-command.ts';

/** `--json`: for the commands a script calls; the human lines go away and one JSON document stays. */
export const jsonOption: Readonly<Record<'json', OptionSpec>> = {
  json: { type: 'boolean', description: 'print the result as one JSON document on standard output' },
};

export function wantsJson(parsed: ParsedCommand): boolean {
  return parsed.values.json === true;
}

export function printJson(io: CliIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value)}\n`);
}
