import { catalog } from '../../web/i18n.ts';

/**
 * The pieces of English messages (between placeholders) that no German message contains, as
 * word-bounded patterns: finding one in the German UI means a string escaped the i18n tables.
 */
export function englishFragments(): { fragment: string; pattern: RegExp }[] {
  const german = Object.values(catalog('de'));
  const seen = new Set<string>();
  for (const text of Object.values(catalog('en'))) {
    for (const raw of text.split(/\{\w+\}/)) {
      const piece = raw.replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, '');
      if (piece.length < 4 || !/\p{L}{3}/u.test(piece)) continue;
      if (german.some((de) => de.includes(piece))) continue;
      seen.add(piece);
    }
  }
  const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return [...seen].map((fragment) => ({
    fragment,
    pattern: new RegExp(`(?<![\\p{L}])${literal(fragment)}(?![\\p{L}])`, 'u'),
  }));
}

/** The English fragments found in a text. */
export function englishIn(text: string): string[] {
  return englishFragments()
    .filter(({ pattern }) => pattern.test(text))
    .map(({ fragment }) => fragment);
}
