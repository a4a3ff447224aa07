import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { CliError, type CliIo } from '../cli-io.ts';
import type { Command } from '../command.ts';
import { jsonOption, printJson, wantsJson } from '../json-output.ts';
import { type CommandSpec, optionalString, type ParsedCommand } from '../parse-command.ts';

export const importFocusSpec: CommandSpec = {
  usage: 'import focus FILE.csv [--api URL] [--token T] [--basis billed|effective] [--source NAME]',
  summary:
    'Import a FOCUS 1.0-1.2 cost file (or a plain cost CSV) through a running server, streamed: each billing period is imported whole, left unchanged, or rejected with its bad rows.',
  options: {
    api: { type: 'string', placeholder: 'URL', description: 'server address (default: env LASTPLAN_API)' },
    token: {
      type: 'string',
      placeholder: 'T',
      description: 'token with the finance scope (default: env LASTPLAN_TOKEN)',
    },
    basis: {
      type: 'string',
      placeholder: 'B',
      description: 'FOCUS cost to book: billed (default) or effective (amortised)',
    },
    assume: {
      type: 'string',
      placeholder: 'C=V,…',
      description: 'values for mandatory FOCUS columns the file lacks, e.g. BillingCurrency=USD',
    },
    source: {
      type: 'string',
      placeholder: 'NAME',
      description: 'plain files: the origin, part of each period key (default: plain)',
    },
    ...jsonOption,
  },
  positionals: 1,
  examples: [
    'lastplan import focus aws-2026-01.csv --api http://localhost:8080 --token lp_…',
    'LASTPLAN_API=http://localhost:8080 LASTPLAN_TOKEN=lp_… lastplan import focus rz-kosten.csv --source rz',
  ],
};

interface PeriodSummary {
  readonly key: string;
  readonly action: 'imported' | 'unchanged' | 'rejected';
  readonly rows: number;
  readonly billedCost: readonly { amount: string; currency: string }[];
  readonly booked: string;
  readonly unassigned: number;
  readonly errorCount: number;
  readonly errors: readonly { line: number; column: string | null; message: string }[];
  readonly contractedCost?: readonly PartialTotal[];
  readonly listCost?: readonly PartialTotal[];
  readonly warnings?: readonly { message: string }[];
  readonly rates?: readonly {
    label: string;
    records: number;
    original: { amount: string; currency: string };
    booked: { amount: string; currency: string };
  }[];
}

interface PartialTotal {
  readonly amount: string | null;
  readonly currency: string;
  readonly unknownRows: number;
}

/** `12.50 USD` or `12.50 USD + 3 rows unknown` or `unknown (3 rows)`: an unknown value is never shown as 0. */
function partial(totals: readonly PartialTotal[] | undefined): string {
  return (totals ?? [])
    .map((t) =>
      t.amount === null
        ? `unknown (${t.unknownRows} row${t.unknownRows === 1 ? '' : 's'}, ${t.currency})`
        : `${t.amount} ${t.currency}${t.unknownRows > 0 ? ` + ${t.unknownRows} row(s) unknown` : ''}`,
    )
    .join(' + ');
}

interface ImportSummary {
  readonly format: string;
  readonly rows: number;
  readonly imported: number;
  readonly unchanged: number;
  readonly rejected: number;
  readonly periods: readonly PeriodSummary[];
  readonly unplaced: readonly { line: number; column: string | null; message: string }[];
}

interface Problem {
  readonly detail?: string;
  readonly errors?: readonly { pointer: string; detail: string }[];
}

function target(io: CliIo, parsed: ParsedCommand): { api: string; token: string } {
  const api = optionalString(parsed, 'api') ?? io.env.LASTPLAN_API;
  const token = optionalString(parsed, 'token') ?? io.env.LASTPLAN_TOKEN;
  if (!api) throw new CliError('the server is missing: pass --api URL or set LASTPLAN_API', 2);
  if (!token) throw new CliError('the token is missing: pass --token T or set LASTPLAN_TOKEN', 2);
  return { api: api.replace(/\/+$/, ''), token };
}

/** A file as a web stream that reports the bytes read so far. */
function counted(file: string, onBytes: (bytes: number) => void): ReadableStream<Uint8Array> {
  let bytes = 0;
  const source = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
  return source.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        bytes += chunk.byteLength;
        onBytes(bytes);
        controller.enqueue(chunk);
      },
    }),
  );
}

const where = (e: { line: number; column: string | null }) =>
  `line ${e.line}${e.column ? `, ${e.column}` : ''}`;

async function importFocus(io: CliIo, parsed: ParsedCommand): Promise<number> {
  const file = parsed.positionals[0];
  if (!file) throw new CliError(`the file is missing; usage: lastplan ${importFocusSpec.usage}`, 2);
  const { api, token } = target(io, parsed);
  const basis = optionalString(parsed, 'basis') ?? 'billed';
  if (basis !== 'billed' && basis !== 'effective')
    throw new CliError('--basis must be billed or effective', 2);
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (error) {
    throw new CliError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  // A progress bar only where a person watches; logs and pipes get the summary alone.
  const tty = process.stderr.isTTY === true && io.env.LASTPLAN_NO_PROGRESS === undefined;
  let shown = -1;
  const progress = (bytes: number) => {
    if (!tty || size === 0) return;
    const percent = Math.floor((bytes / size) * 100);
    if (percent === shown) return;
    shown = percent;
    const filled = Math.round(percent / 4);
    io.stderr(
      `\r[${'#'.repeat(filled)}${'.'.repeat(25 - filled)}] ${percent}% of ${(size / 1e6).toFixed(1)} MB`,
    );
  };
  const query = new URLSearchParams({ fileName: basename(file), basis });
  const source = optionalString(parsed, 'source');
  if (source) query.set('source', source);
  const assume = optionalString(parsed, 'assume');
  if (assume) {
    const pairs = assume.split(',').map((pair) => pair.split('='));
    if (pairs.some((pair) => pair.length !== 2 || pair[0] === '')) {
      throw new CliError(
        '--assume takes Column=value pairs separated by commas, e.g. BillingCurrency=USD',
        2,
      );
    }
    query.set('assume', JSON.stringify(Object.fromEntries(pairs)));
  }
  const started = performance.now();
  let response: Response;
  try {
    response = await fetch(`${api}/v1/costs/imports?${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: counted(file, progress),
      duplex: 'half',
    } as RequestInit);
  } catch (error) {
    if (tty) io.stderr('\n');
    throw new CliError(`cannot reach ${api}: ${(error as Error).cause ?? (error as Error).message}`);
  }
  if (tty) io.stderr('\r\x1b[K');
  const body = (await response.json().catch(() => ({}))) as Problem & ImportSummary;
  if (!response.ok) {
    const fields = (body.errors ?? []).slice(0, 3).map((e) => `${e.pointer || '/'} ${e.detail}`);
    throw new CliError(
      `the server answered ${response.status}: ${body.detail ?? 'no detail'}${fields.length ? ` (${fields.join('; ')})` : ''}`,
    );
  }
  const seconds = (performance.now() - started) / 1000;
  if (wantsJson(parsed)) {
    printJson(io, { file: basename(file), seconds: Math.round(seconds * 1000) / 1000, ...body });
    return body.rejected > 0 || body.unplaced.length > 0 ? 1 : 0;
  }
  io.stdout(
    `${basename(file)}: ${body.format}, ${body.rows} rows in ${seconds.toFixed(1)} s (${Math.round(body.rows / seconds)} rows/s); ` +
      `${body.imported} period(s) imported, ${body.unchanged} unchanged, ${body.rejected} rejected\n`,
  );
  for (const period of body.periods) {
    const billed = period.billedCost.map((m) => `${m.amount} ${m.currency}`).join(' + ') || '0';
    const unassigned = period.unassigned > 0 ? `, ${period.unassigned} without a service` : '';
    io.stdout(
      `  ${period.action.padEnd(9)} ${period.key}: ${period.rows} rows, billed ${billed}, booked ${period.booked}${unassigned}\n`,
    );
    const contracted = partial(period.contractedCost);
    if (contracted !== '')
      io.stdout(`            contracted ${contracted}; list ${partial(period.listCost)}\n`);
    for (const warning of period.warnings ?? []) io.stdout(`            warning: ${warning.message}\n`);
    // Every rate a figure was converted with, so the booking can be checked against the ECB's table.
    for (const use of period.rates ?? [])
      io.stdout(
        `            ${use.label} (${use.records} cost(s): ${use.original.amount} ${use.original.currency} → ${use.booked.amount} ${use.booked.currency})\n`,
      );
    for (const error of period.errors.slice(0, 5))
      io.stdout(`            ${where(error)}: ${error.message}\n`);
    if (period.errorCount > 5) io.stdout(`            … and ${period.errorCount - 5} more\n`);
  }
  for (const error of body.unplaced.slice(0, 5)) io.stdout(`  unplaced  ${where(error)}: ${error.message}\n`);
  return body.rejected > 0 || body.unplaced.length > 0 ? 1 : 0;
}

export const importFocusCommand: Command = { spec: importFocusSpec, run: importFocus };
