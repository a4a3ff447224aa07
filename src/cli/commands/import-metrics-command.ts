import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { CliError, type CliIo } from '../cli-io.ts';
import type { Command } from '../command.ts';
import { jsonOption, printJson, wantsJson } from '../json-output.ts';
import { type CommandSpec, optionalString, type ParsedCommand } from '../parse-command.ts';

export const importMetricsSpec: CommandSpec = {
  usage: 'import metrics FILE.csv [--api URL] [--token T] [--gzip]',
  summary:
    'Import metric samples from a CSV file (service,metric,unit,timestamp,value[,labels][,kind]) through a running server, streamed; bad rows are listed by line, the rest stored.',
  options: {
    api: { type: 'string', placeholder: 'URL', description: 'server address (default: env LASTPLAN_API)' },
    token: {
      type: 'string',
      placeholder: 'T',
      description: 'token with the ingest scope (default: env LASTPLAN_TOKEN)',
    },
    gzip: { type: 'boolean', description: 'compress the upload (for a remote server)' },
    ...jsonOption,
  },
  positionals: 1,
  examples: [
    'lastplan import metrics backfill-2025.csv --api http://localhost:8787 --token lp_…',
    'LASTPLAN_API=http://localhost:8787 LASTPLAN_TOKEN=lp_… lastplan import metrics cpu.csv --gzip',
  ],
};

interface IngestSummary {
  readonly accepted: number;
  readonly inserted: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly rejectedCount: number;
  readonly rejected: readonly { line?: number; series?: string; reason: string; count?: number }[];
}

interface Problem {
  readonly detail?: string;
  readonly errors?: readonly { pointer: string; detail: string }[];
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

/** A bar redrawn in place on a terminal; a plain line every 10 % in a log or pipe. */
function progressReporter(io: CliIo, size: number, tty: boolean): (bytes: number) => void {
  let shown = -1;
  return (bytes) => {
    if (size === 0) return;
    const percent = Math.floor((bytes / size) * 100);
    if (tty) {
      if (percent === shown) return;
      shown = percent;
      const filled = Math.round(percent / 4);
      io.stderr(
        `\r[${'#'.repeat(filled)}${'.'.repeat(25 - filled)}] ${percent}% of ${(size / 1e6).toFixed(1)} MB`,
      );
    } else if (Math.floor(percent / 10) > Math.floor(shown / 10)) {
      shown = percent;
      io.stderr(`sent ${percent}% of ${(size / 1e6).toFixed(1)} MB\n`);
    }
  };
}

async function importMetrics(io: CliIo, parsed: ParsedCommand): Promise<number> {
  const file = parsed.positionals[0];
  if (!file) throw new CliError(`the file is missing; usage: lastplan ${importMetricsSpec.usage}`, 2);
  const api = (optionalString(parsed, 'api') ?? io.env.LASTPLAN_API)?.replace(/\/+$/, '');
  const token = optionalString(parsed, 'token') ?? io.env.LASTPLAN_TOKEN;
  if (!api) throw new CliError('the server is missing: pass --api URL or set LASTPLAN_API', 2);
  if (!token) throw new CliError('the token is missing: pass --token T or set LASTPLAN_TOKEN', 2);
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      code === 'ENOENT'
        ? `no such file: ${file}`
        : `cannot read ${file}: ${code ?? (error as Error).message}`,
    );
  }
  const quiet = io.env.LASTPLAN_NO_PROGRESS !== undefined;
  const tty = process.stderr.isTTY === true && !quiet;
  const gzip = parsed.values.gzip === true;
  let body = counted(file, quiet ? () => {} : progressReporter(io, size, tty));
  if (gzip)
    body = body.pipeThrough(
      new CompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>,
    );
  const started = performance.now();
  let response: Response;
  try {
    response = await fetch(`${api}/v1/metrics`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'text/csv',
        ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      },
      body,
      duplex: 'half',
    } as RequestInit);
  } catch (error) {
    if (tty) io.stderr('\n');
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    throw new CliError(`cannot reach ${api}: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
  }
  if (tty) io.stderr('\r\x1b[K');
  const answer = (await response.json().catch(() => ({}))) as Problem &
    IngestSummary & { committed?: IngestSummary };
  if (!response.ok) {
    const fields = (answer.errors ?? []).slice(0, 3).map((e) => `${e.pointer || '/'} ${e.detail}`);
    const hint = response.status === 401 ? ' (check --token or LASTPLAN_TOKEN)' : '';
    throw new CliError(
      `the server answered ${response.status}: ${answer.detail ?? 'no detail'}${fields.length ? ` (${fields.join('; ')})` : ''}${hint}`,
    );
  }
  const seconds = (performance.now() - started) / 1000;
  if (wantsJson(parsed)) {
    printJson(io, { file: basename(file), seconds: Math.round(seconds * 1000) / 1000, ...answer });
    return answer.rejectedCount > 0 ? 1 : 0;
  }
  io.stdout(
    `${basename(file)}: ${answer.accepted} samples stored in ${seconds.toFixed(1)} s (${Math.round(answer.accepted / Math.max(seconds, 0.001))}/s): ` +
      `${answer.inserted} new, ${answer.updated} updated, ${answer.unchanged} unchanged; ${answer.rejectedCount} rejected\n`,
  );
  for (const r of answer.rejected.slice(0, 10)) {
    const where = r.line !== undefined ? `line ${r.line}` : (r.series ?? '');
    io.stdout(`  rejected ${where}: ${r.reason}${r.count && r.count > 1 ? ` (${r.count} samples)` : ''}\n`);
  }
  if (answer.rejectedCount > 10) io.stdout(`  … and ${answer.rejectedCount - 10} more\n`);
  return answer.rejectedCount > 0 ? 1 : 0;
}

export const importMetricsCommand: Command = { spec: importMetricsSpec, run: importMetrics };
