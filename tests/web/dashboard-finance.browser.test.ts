import { describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { englishIn } from './english-fragments.ts';

// The real dashboard on the real server (global-setup.ts): cost imports and exchange rates, as
// finance does them without a shell.
describe.each([
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
])('finance views at $width px', (viewport) => {
  const fits = (seen: { scrollWidth: number; viewportWidth: number; wide: string[] }) =>
    expect([seen.scrollWidth <= seen.viewportWidth, seen.wide]).toEqual([true, []]);

  it('uploads a FOCUS file with its progress and shows the counts the API gives for it', async () => {
    const seen = await commands.costImportFlow(
      viewport,
      `finance-import-${viewport.width}`,
      'fixtures/fx/focus-usd-three-providers.csv',
    );
    expect(seen.path).toBe('/imports');
    expect([seen.progress.value, seen.progress.percent]).toEqual([seen.progress.max, '100 %']);
    // The same file sent again through the API: the periods are stored already, row for row
    // what the view said it imported.
    const rows = seen.again.periods.reduce((sum, p) => sum + p.rows, 0);
    expect(seen.again.periods.every((p) => p.action === 'unchanged')).toBe(true);
    expect(seen.figures.rows).toBe(String(seen.again.rows));
    // The first run imports everything; the second (390 px, same server) finds it all there.
    const taken = viewport.width === 1280 ? seen.figures.imported : seen.figures.unchanged;
    expect(taken).toBe(String(rows));
    expect([seen.figures.faulty, seen.figures.refused]).toEqual(['0', '0']);
    // A period as the table shows it: days, issuer and account, what the file says in USD, what
    // was booked in EUR, and the ECB rates used.
    const outcome =
      viewport.width === 1280 ? 'übernommen 12 31,26878 $ 26,62 €' : 'schon importiert 12 31,26878 $ –';
    expect(seen.summary).toContain(
      `Jan. 2026 Amazon Web Services EMEA SARL (111122223333) ${outcome} 11 Tageskurse, 31. Dez. 2025 bis 30. Jan. 2026 EZB-Referenzkurs vom 31.12.2025: 1 EUR = 1,175 USD (1 Zeile)`,
    );
    expect(seen.list).toMatch(/\d\d:\d\d: focus-usd-three-providers\.csv \(FOCUS\), 13 Zeiträume/);
    expect(seen.list).toContain(
      'Jan. 2026 Amazon Web Services EMEA SARL (111122223333) 12 31,26878 $ 26,62 €',
    );
    // A refused row: the period is refused whole, the row named by line, column and reason.
    expect(seen.refused).toMatch(
      /Zeilen gelesen\s*3\s*Zeilen übernommen\s*0\s*.*Zeilen nicht übernommen\s*3\s*davon fehlerhaft\s*2/,
    );
    expect(seen.refused).toContain(
      'Abgelehnt: 1 Zeile fehlerhaft, daher ist keine Zeile dieses Zeitraums übernommen.',
    );
    expect(seen.refused).toMatch(/Fehlerhafte Zeilen \(1\).*3\s*amount\s*kein Betrag: "zwölf"/);
    // A USD cost of a day the rates do not reach: refused in words, with the way to the rates.
    expect(seen.refused).toMatch(
      /4\s*currency\s*der letzte Wechselkurs USD\/EUR bis zum 20\. Sept?\. 2026 ist vom/,
    );
    expect(seen.refused).toContain('Fehlende oder veraltete Wechselkurse eintragen');
    // A CSV that is no cost file: the problem in words, then the server's own.
    expect(seen.notCosts).toMatch(
      /^Eine Angabe fehlt oder passt nicht Meldung des Servers: .*missing columns date, service/,
    );
    expect(seen.unsupported).toContain('Dieses Dateiformat wird nicht unterstützt');
    expect(seen.unsupported).toContain('application/pdf');
    expect(englishIn(seen.text)).toEqual([]);
    fits(seen);
    expect(seen.violations).toEqual([]);
  }, 180_000);

  it('adds a rate typed with a decimal comma, which the lookup then uses, and deletes it', async () => {
    const seen = await commands.exchangeRateFlow(viewport, `finance-rates-${viewport.width}`);
    expect(seen.path).toBe('/exchange-rates');
    expect(seen.badRate).toContain('Der Kurs muss eine positive Dezimalzahl sein');
    expect(seen.badCode).toContain('„EUX“ ist kein Währungscode nach ISO 4217');
    expect(seen.saved).toBe('Gespeichert: 1 EUR = 1,0834 USD am 30. Nov. 2026 (neu).');
    expect(seen.row).toContain('eingetragen: Von Hand eingetragen');
    expect(seen.row).toMatch(/aktuell \(\d+ Tage alt\)|veraltet: \d+ Tage alt/);
    expect(seen.lookupShown).toContain('USD nach EUR am 30. Nov. 2026: ');
    expect(seen.lookupShown).toContain('1 EUR = 1,0834 USD vom 30. Nov. 2026 (Von Hand eingetragen)');
    expect(seen.lookup).toMatchObject({
      found: true,
      rate: { base: 'EUR', quote: 'USD', rate: '1.0834', source: 'Von Hand eingetragen' },
    });
    expect(seen.deleted).toContain('Kurs EUR/USD vom 30. Nov. 2026 gelöscht');
    fits(seen.confirming);
    expect(seen.confirming.violations).toEqual([]);
    expect(seen.rowsAfterDelete).toBe(0);
    expect(seen.lookupAfterDelete.rate?.rate).not.toBe('1.0834');
    // The test server's built-in ECB table is this very file: nothing to add.
    expect(seen.ecb).toMatch(
      /^eurofxref-hist\.zip: \d\.\d{3} Tage vom 4\. Jan\. 1999 bis 13\. Apr\. 2026, 41 Währungen\. Neu: 0, korrigiert: 0, unverändert: 0, schon eingebaut: \d{3}\.\d{3}\.$/,
    );
    expect(seen.ecbPercent).toBe('100 %');
    expect(englishIn(seen.text)).toEqual([]);
    fits(seen);
    expect(seen.violations).toEqual([]);
  }, 240_000);
});

describe('finance views for a viewer', () => {
  it('shows rates but no upload and no rate form', async () => {
    const seen = await commands.financeViewer();
    expect(seen.nav).toEqual(['Übersicht', 'Ereignisse', 'Einstellungen']);
    expect(seen.imports).toContain('dürfen die Rollen Finanzen und Administration');
    expect(seen.fileInputs).toBe(0);
    expect(seen.rates).toContain('Kurs nachschlagen');
    expect(seen.rates).toContain('Neuere Kurse tragen die Rollen Finanzen und Administration ein.');
    expect(seen.rateForms).toBe(0);
    expect(seen.violations).toEqual([]);
  }, 120_000);
});
