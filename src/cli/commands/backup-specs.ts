import { databaseOptions } from '../database-options.ts';
import { jsonOption } from '../json-output.ts';
import type { CommandSpec } from '../parse-command.ts';

export const backupSpec: CommandSpec = {
  usage: 'backup [--out FILE] [--tenant SLUG | --api URL --token T]',
  summary:
    'Write a consistent backup of the deployment (or of one tenant) to a gzip file, with every table counted and digested. ' +
    'PostgreSQL is read while the server runs; a PGlite folder directly, or through the server that holds it (its control socket in the folder), from one snapshot while it serves.',
  options: {
    out: {
      type: 'string',
      placeholder: 'FILE',
      description: 'where to write (default: lastplan-backup-<UTC time>.ndjson.gz in the current folder)',
    },
    tenant: {
      type: 'string',
      placeholder: 'SLUG',
      description: 'only this tenant (to move it to another deployment)',
    },
    api: {
      type: 'string',
      placeholder: 'URL',
      description:
        "download the token's tenant from a running server instead (how a PGlite server is backed up)",
    },
    token: {
      type: 'string',
      placeholder: 'T',
      description: 'admin token for --api (default: env LASTPLAN_TOKEN)',
    },
    ...jsonOption,
    ...databaseOptions,
  },
  examples: [
    'lastplan backup --out /backup/lastplan-$(date +%F).ndjson.gz',
    'lastplan backup --api http://127.0.0.1:8787 --token lp_… --out /backup/musterstadt-$(date +%F).ndjson.gz',
    'DATABASE_URL=postgres://app@db:5432/lastplan lastplan backup --tenant musterstadt --out musterstadt.ndjson.gz',
  ],
};

export const backupVerifySpec: CommandSpec = {
  usage: 'backup verify FILE',
  summary:
    'Check a backup file without a database: every table complete, its row count and digest as recorded, the file not truncated.',
  options: { ...jsonOption },
  positionals: 1,
  examples: ['lastplan backup verify /backup/lastplan-2026-12-04.ndjson.gz'],
};

export const restoreSpec: CommandSpec = {
  usage: 'restore FILE',
  summary:
    'Restore a backup: a whole deployment into a fresh database, or a tenant into a deployment that does not have it. ' +
    'All or nothing; every table is compared with the backup afterwards.',
  options: { ...jsonOption, ...databaseOptions },
  positionals: 1,
  examples: [
    'lastplan restore --data-dir ./data-restored /backup/lastplan-2026-12-04.ndjson.gz',
    'DATABASE_URL=postgres://app@db:5432/lastplan_new lastplan restore musterstadt.ndjson.gz',
  ],
};
