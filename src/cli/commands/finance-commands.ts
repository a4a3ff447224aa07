import type { Command } from '../command.ts';
import { fxImportCommand } from './fx-import-command.ts';
import { importFocusCommand } from './import-focus-command.ts';

/** The finance commands, by their words (e.g. 'import metrics'); merged into the CLI in main.ts. */
export const financeCommands: Record<string, Command> = {
  'import focus': importFocusCommand,
  'fx import': fxImportCommand,
};
