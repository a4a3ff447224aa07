import { describe, expect, it } from 'vitest';
import { rowReason } from './row-reason.ts';

describe('rowReason', () => {
  it.each([
    ['not an amount: "zwölf"', 'kein Betrag: "zwölf"', false],
    ['BilledCost is empty', 'Spalte BilledCost ist leer', false],
    ['the row has 5 fields, the header 6', 'die Zeile hat 5 Felder, die Kopfzeile 6', false],
    ['not an ISO 4217 currency code: "Euro"', 'kein Währungscode nach ISO 4217: "Euro"', false],
    [
      'no USD/EUR exchange rate on or before 1998-12-31 (the first is of 1999-01-04): add one (POST /v1/exchange-rates) or import an ECB file (lastplan fx import)',
      'kein Wechselkurs USD/EUR am oder vor dem 1998-12-31',
      true,
    ],
    [
      'the latest USD/EUR exchange rate on or before 2026-11-02 is of 2026-04-13, 202 days earlier, more than the 14 days allowed (LASTPLAN_FX_MAX_AGE_DAYS): import a newer ECB file (lastplan fx import) or add the rate (POST /v1/exchange-rates)',
      'der letzte Wechselkurs USD/EUR bis zum 2026-11-02 ist vom 2026-04-13, 202 Tage früher – mehr als die erlaubten 14 Tage',
      true,
    ],
  ])('reads %s', (message, text, rate) => {
    expect(rowReason('de', message)).toEqual({ text, rate });
  });

  it('writes days in the locale’s style when given one', () => {
    expect(rowReason('de', 'no USD/EUR exchange rate on or before 1998-12-31: add one', 'de-DE')?.text).toBe(
      'kein Wechselkurs USD/EUR am oder vor dem 31. Dez. 1998',
    );
  });

  it('leaves a reason it does not know to the server’s words', () => {
    expect(rowReason('de', 'something new went wrong')).toBeUndefined();
  });
});
