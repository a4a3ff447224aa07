import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { CliError, type CliIo } from '../cli-io.ts';
import type { Command } from '../command.ts';
import type { CommandSpec, ParsedCommand } from '../parse-command.ts';
import { apiTarget, problemLine } from './catalogs-import-command.ts';

export const fxImportSpec: CommandSpec = {
  usage: 'fx import FILE.zip|FILE.csv [--api URL] [--token T]',
  summary:
    'Import a newer ECB reference-rate file (eurofxref-hist.zip or eurofxref.zip as downloaded, or the CSV in it) into the tenant through a running server; all or nothing, and only the rates lastplan does not ship are stored.',
  options: {
    api: { type: 'string', placeholder: 'URL', description: 'server address (default: env LASTPLAN_API)' },
    token: {
      type: 'string',
      placeholder: 'T',
      description: 'token with the finance scope (default: env LASTPLAN_TOKEN)',
    },
  },
  positionals: 1,
  examples: [
    'lastplan fx import eurofxref-hist.zip --api http://localhost:8080 --token lp_…',
    'LASTPLAN_API=http://localhost:8080 LASTPLAN_TOKEN=lp_… lastplan fx import eurofxref.csv',
  ],
};

interface EcbImport {
  readonly days: number;
  readonly first: string;
  readonly last: string;
  readonly currencies: readonly string[];
  readonly builtIn: number;
  readonly added: number;
  readonly corrected: number;
  readonly unchanged: number;
}

async function fxImport(io: CliIo, parsed: ParsedCommand): Promise<number> {
  const file = parsed.positionals[0];
  if (!file) throw new CliError(`the file is missing; usage: lastplan ${fxImportSpec.usage}`, 2);
  const { api, token } = apiTarget(io, parsed);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (error) {
    throw new CliError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  // The server tells ZIP from CSV by the bytes; the type only has to be one it takes.
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  let response: Response;
  try {
    response = await fetch(
      `${api}/v1/exchange-rates/imports?${new URLSearchParams({ fileName: basename(file) })}`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': zip ? 'application/zip' : 'text/csv' },
        body: bytes as Uint8Array<ArrayBuffer>,
      },
    );
  } catch (error) {
    throw new CliError(`cannot reach ${api}: ${(error as Error).cause ?? (error as Error).message}`);
  }
  const body = (await response.json().catch(() => ({}))) as EcbImport & { detail?: string };
  if (!response.ok) throw new CliError(problemLine(response.status, body));
  io.stdout(
    `${basename(file)}: ECB reference rates of ${body.days} day(s), ${body.first} to ${body.last}, ${body.currencies.length} currencies; ` +
      `${body.added} rate(s) added, ${body.corrected} corrected, ${body.unchanged} unchanged, ${body.builtIn} built in already\n`,
  );
  return 0;
}

export const fxImportCommand: Command = { spec: fxImportSpec, run: fxImport };
