import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { CsvLocale } from '../../src/domain/csv-text.ts';

const run = promisify(execFile);

/** A cell as LibreOffice Calc read it: its type, its value (number or ISO day) and its text. */
export interface CalcCell {
  readonly type: 'string' | 'float' | 'date' | 'empty' | string;
  readonly value: string | undefined;
  readonly text: string;
}

/**
 * How a German or an English user opens the file: field separator, UTF-8 (76) and the language
 * that decides decimal comma and date order (1031 de-DE, 1033 en-US).
 */
const filters: Record<CsvLocale, string> = {
  de: 'CSV:59,34,76,1,,1031',
  en: 'CSV:44,34,76,1,,1033',
};

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decodeXml = (text: string) =>
  text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[\da-f]+);/gi, (_, name: string) =>
    name.startsWith('#x')
      ? String.fromCodePoint(Number.parseInt(name.slice(2), 16))
      : name.startsWith('#')
        ? String.fromCodePoint(Number(name.slice(1)))
        : (entities[name] ?? ''),
  );

/** The first sheet of a flat ODS document as rows of cells. */
function sheetOf(fods: string): CalcCell[][] {
  const table = /<table:table [^>]*>([\s\S]*?)<\/table:table>/.exec(fods)?.[1] ?? '';
  return [...table.matchAll(/<table:table-row[^>]*>([\s\S]*?)<\/table:table-row>/g)].map(([, row]) => {
    const cells: CalcCell[] = [];
    for (const [, attributes = '', body = ''] of (row ?? '').matchAll(
      /<table:table-cell([^>]*?)(?:\/>|>([\s\S]*?)<\/table:table-cell>)/g,
    )) {
      const attr = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(attributes)?.[1];
      const repeated = Number(attr('table:number-columns-repeated') ?? 1);
      const text = [...body.matchAll(/<text:p>([\s\S]*?)<\/text:p>/g)]
        .map(([, p]) => decodeXml((p ?? '').replace(/<[^>]+>/g, '')))
        .join('\n');
      const type = attr('office:value-type') ?? 'empty';
      const value = attr('office:value') ?? attr('office:date-value');
      // Calc pads rows with one repeated empty cell up to the last column.
      if (type === 'empty' && repeated > 100) continue;
      for (let i = 0; i < repeated; i++) cells.push({ type, value, text });
    }
    while (cells.at(-1)?.type === 'empty') cells.pop();
    return cells;
  });
}

/**
 * Opens CSV files in LibreOffice Calc (headless `soffice --convert-to fods`) the way a user of
 * the locale would, and returns what Calc made of every cell. Needs Debian's
 * `libreoffice-calc-nogui`.
 */
export async function openInCalc(files: Readonly<Record<string, Uint8Array | string>>, locale: CsvLocale) {
  const dir = await mkdtemp(join(tmpdir(), 'lastplan-calc-'));
  try {
    const names = Object.keys(files);
    for (const name of names) await writeFile(join(dir, `${name}.csv`), files[name]!);
    await run(
      'soffice',
      [
        '--headless',
        '--norestore',
        // A profile of its own, so parallel runs and a desktop LibreOffice do not collide.
        `-env:UserInstallation=file://${join(dir, 'profile')}`,
        `--infilter=${filters[locale]}`,
        '--convert-to',
        'fods',
        '--outdir',
        join(dir, 'out'),
        ...names.map((name) => join(dir, `${name}.csv`)),
      ],
      { timeout: 120_000 },
    );
    const sheets: Record<string, CalcCell[][]> = {};
    for (const name of names)
      sheets[name] = sheetOf(await readFile(join(dir, 'out', `${name}.fods`), 'utf8'));
    return sheets;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
