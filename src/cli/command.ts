import type { CliIo } from './cli-io.ts';
import type { CommandSpec, ParsedCommand } from './parse-command.ts';

/** One CLI command: its spec (usage, options, help) and what it does. Returns the exit code. */
export interface Command {
  readonly spec: CommandSpec;
  readonly run: (io: CliIo, parsed: ParsedCommand) => Promise<number>;
}
