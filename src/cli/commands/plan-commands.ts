import type { Command } from '../command.ts';

/** The plan commands, by their words (e.g. 'import metrics'); merged into the CLI in main.ts. */
export const planCommands: Record<string, Command> = {};
