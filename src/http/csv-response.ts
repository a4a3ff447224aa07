import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { CsvLocale } from '../domain/csv-text.ts';

/**
 * The CSV dialect a request asks for: `?locale=de|en` first, else the first language of
 * Accept-Language that is German or English (by its q weight), else German.
 *
 * @example
 * csvLocaleOf(undefined, 'en-GB,en;q=0.9,de;q=0.8'); // 'en'
 * csvLocaleOf('de', 'en-GB');                        // 'de'
 */
export function csvLocaleOf(requested: CsvLocale | undefined, acceptLanguage: string | undefined): CsvLocale {
  if (requested) return requested;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((l) => l.q > 0 && /^(de|en)\b/.test(l.tag))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked[0]?.tag.startsWith('en') ? 'en' : 'de';
}

/** Answers a CSV download; the dialect depends on Accept-Language, so caches must keep them apart. */
export function csvResponse(c: Context, text: string, fileName: string): Response {
  return c.body(text, 200, {
    'content-type': 'text/csv; charset=utf-8; header=present',
    'content-disposition': `attachment; filename="${fileName}"`,
    vary: 'Accept-Language',
  });
}

/** The `locale` query parameter of CSV exports. */
export const CsvLocaleQuery = z
  .enum(['de', 'en'])
  .optional()
  .openapi({ description: 'CSV dialect: de (`;`, decimal comma, dd.mm.yyyy) or en (`,`, point, ISO days)' });
