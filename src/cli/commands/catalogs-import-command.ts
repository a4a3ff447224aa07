import { readFile } from 'node:fs/promises';
import { CliError, type CliIo } from '../cli-io.ts';
import type { Command } from '../command.ts';
import { type CommandSpec, optionalString, type ParsedCommand } from '../parse-command.ts';

export const catalogsImportSpec: CommandSpec = {
  usage: 'catalogs import FILE.json|FILE.csv [--api URL] [--token T]',
  summary:
    'Import a price catalog (own data centre, framework contract) into the tenant through a running server; one version per provider.',
  options: {
    api: { type: 'string', placeholder: 'URL', description: 'server address (default: env LASTPLAN_API)' },
    token: {
      type: 'string',
      placeholder: 'T',
      description: 'token with the plan scope (default: env LASTPLAN_TOKEN)',
    },
  },
  positionals: 1,
  examples: [
    'lastplan catalogs import rahmenvertrag-2027.csv --api http://localhost:8080 --token lp_…',
    'LASTPLAN_API=http://localhost:8080 LASTPLAN_TOKEN=lp_… lastplan catalogs import rz.json',
  ],
};

interface Problem {
  readonly detail?: string;
  readonly errors?: readonly { pointer: string; detail: string }[];
}

/** Where and as whom to call the API: options first, then LASTPLAN_API / LASTPLAN_TOKEN. */
export function apiTarget(io: CliIo, parsed: ParsedCommand): { api: string; token: string } {
  const api = optionalString(parsed, 'api') ?? io.env.LASTPLAN_API;
  const token = optionalString(parsed, 'token') ?? io.env.LASTPLAN_TOKEN;
  if (!api) throw new CliError('the server is missing: pass --api URL or set LASTPLAN_API', 2);
  if (!token) throw new CliError('the token is missing: pass --token T or set LASTPLAN_TOKEN', 2);
  return { api: api.replace(/\/+$/, ''), token };
}

/** One line for a problem+json answer: the detail and the first field errors with their pointers. */
export function problemLine(status: number, problem: Problem): string {
  const fields = (problem.errors ?? [])
    .slice(0, 3)
    .map((e) => `${e.pointer || '/'} ${e.detail}`)
    .join('; ');
  const more = (problem.errors?.length ?? 0) > 3 ? ` (+${(problem.errors?.length ?? 0) - 3} more)` : '';
  return `the server answered ${status}: ${problem.detail ?? 'no detail'}${fields ? ` (${fields}${more})` : ''}`;
}

async function catalogsImport(io: CliIo, parsed: ParsedCommand): Promise<number> {
  const file = parsed.positionals[0];
  if (!file) throw new CliError(`the file is missing; usage: lastplan ${catalogsImportSpec.usage}`, 2);
  const { api, token } = apiTarget(io, parsed);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  const csv = /\.csv$/i.test(file);
  let response: Response;
  try {
    response = await fetch(`${api}/v1/catalogs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      // CSV travels inside JSON ({"csv": …}), which every deployment of the API accepts.
      body: csv ? JSON.stringify({ csv: text }) : text,
    });
  } catch (error) {
    throw new CliError(`cannot reach ${api}: ${(error as Error).cause ?? (error as Error).message}`);
  }
  const body = (await response.json().catch(() => ({}))) as Problem & {
    items?: { id: string; provider: string; version: string; priceCount: number; created: boolean }[];
  };
  if (!response.ok) throw new CliError(problemLine(response.status, body));
  for (const item of body.items ?? []) {
    io.stdout(
      `${item.created ? 'imported' : 'unchanged'} ${item.provider} ${item.version}: ${item.priceCount} prices (id ${item.id})\n`,
    );
  }
  return 0;
}

export const catalogsImportCommand: Command = { spec: catalogsImportSpec, run: catalogsImport };
