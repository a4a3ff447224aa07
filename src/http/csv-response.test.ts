import { describe, expect, it } from 'vitest';
import { csvLocaleOf } from './csv-response.ts';

describe('csvLocaleOf', () => {
  it.each([
    [undefined, undefined, 'de'],
    [undefined, '', 'de'],
    [undefined, 'en-US,en;q=0.9', 'en'],
    [undefined, 'de-DE,de;q=0.9,en;q=0.8', 'de'],
    [undefined, 'fr-FR,en;q=0.5,de;q=0.7', 'de'],
    [undefined, 'fr-FR,de;q=0.5,en;q=0.7', 'en'],
    [undefined, 'fr-FR', 'de'],
    [undefined, 'en;q=0, de;q=0.1', 'de'],
    [undefined, '*', 'de'],
    [undefined, 'english', 'de'],
    ['de', 'en-GB', 'de'],
    ['en', 'de-DE', 'en'],
  ] as const)('locale %s, Accept-Language %j → %s', (requested, header, expected) => {
    expect(csvLocaleOf(requested, header)).toBe(expected);
  });
});
