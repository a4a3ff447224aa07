import type { Command } from '../command.ts';
import { importMetricsCommand } from './import-metrics-command.ts';

/** The ingest commands, by their words (e.g. 'import metrics'); merged into the CLI in main.ts. */
export const ingestCommands: Record<string, Command> = {
  'import metrics': importMetricsCommand,
};
