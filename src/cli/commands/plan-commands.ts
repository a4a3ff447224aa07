import type { Command } from '../command.ts';
import { catalogsImportCommand } from './catalogs-import-command.ts';
import { plansCreateCommand } from './plans-create-command.ts';

/** The plan commands, by their words (e.g. 'import metrics'); merged into the CLI in main.ts. */
export const planCommands: Record<string, Command> = {
  'catalogs import': catalogsImportCommand,
  'plans create': plansCreateCommand,
};
