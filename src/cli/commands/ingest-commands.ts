import type { Command } from '../command.ts';

/** The ingest commands, by their words (e.g. 'import metrics'); merged into the CLI in main.ts. */
export const ingestCommands: Record<string, Command> = {};
