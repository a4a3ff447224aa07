import { costCategoryLabels } from '../domain/cost-category.ts';
import { formatMoney, parseDecimal } from '../domain/money.ts';
import { formatMoneyDe } from './format-money-de.ts';
import { rateLabelDe } from './fx-rate-label.ts';
import type { ProofOfUse, ProofOfUseFigures } from './proof-of-use.ts';

const escapes: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const esc = (text: string) => text.replace(/[&<>"']/g, (c) => escapes[c]!);

const germanDate = (day: string) => `${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`;
const germanMonths = [
  'Januar',
  'Februar',
  'März',
  'April',
  'Mai',
  'Juni',
  'Juli',
  'August',
  'September',
  'Oktober',
  'November',
  'Dezember',
];
const germanMonth = (month: string) => `${germanMonths[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;

/** The rate as a German percentage from its decimal text, e.g. '0.8' → '80 %', '0.755' → '75,5 %'. */
function percent(rate: string): string {
  const text = formatMoney({ nanos: parseDecimal(rate) * 100n, currency: '' }, 4).replace(/\.?0+$/, '');
  return `${text.replace('.', ',')}\u00a0%`;
}

/** Source summaries are English data ("file, lines 3-9 (2)"); the page speaks German. */
export function germanSource(source: string): string {
  return source
    .replace(/, lines (\d+)-(\d+) \((\d+)\)/g, ', Zeilen $1–$2 ($3 Posten)')
    .replace(/, line (\d+)/g, ', Zeile $1')
    .replace(/, invoice /g, ', Rechnung ');
}

/**
 * A CSS string literal for text placed in the page margins. Everything but letters, digits,
 * spaces and harmless punctuation becomes a CSS escape (`\3c ` for `<`), so the text can neither
 * end the string nor, with `</style>`, the style element around it: the HTML parser ends a
 * style element at the first `</style` whatever the CSS says.
 */
const cssString = (text: string) =>
  `"${text.replace(/[^\p{L}\p{N} .,:_\-/()–]/gu, (c) => `\\${(c.codePointAt(0) as number).toString(16)} `)}"`;

const figures = (f: ProofOfUseFigures) =>
  `<td class="num">${formatMoneyDe(f.spend)}</td><td class="num">${formatMoneyDe(f.funded)}</td><td class="num">${formatMoneyDe(f.own)}</td>`;

const style = (footer: string) => `
@page {
  size: A4;
  margin: 18mm 15mm 20mm 15mm;
  @bottom-left { content: ${cssString(footer)}; font: 8pt system-ui, Arial, sans-serif; color: #444; }
  @bottom-right { content: "Seite " counter(page) " von " counter(pages); font: 8pt system-ui, Arial, sans-serif; color: #444; }
}
* { box-sizing: border-box; }
body { font: 10pt/1.35 system-ui, "Segoe UI", Arial, sans-serif; color: #000; margin: 0; }
h1 { font-size: 15pt; margin: 0 0 4mm; }
h2 { font-size: 11.5pt; margin: 7mm 0 2mm; break-after: avoid; }
table { width: 100%; border-collapse: collapse; margin-bottom: 3mm; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 0.4pt solid #666; padding: 1.2mm 1.8mm; vertical-align: top; text-align: left; }
th { background: #eee; font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.sum td { font-weight: 600; background: #f6f6f6; }
table.facts th { width: 38%; background: none; font-weight: normal; color: #333; }
td.month { white-space: nowrap; }
td.src { font-size: 8pt; color: #333; word-break: break-word; }
p.note { font-size: 8.5pt; color: #333; }
.signature { margin-top: 14mm; display: flex; gap: 12mm; break-inside: avoid; }
.signature div { flex: 1; border-top: 0.6pt solid #000; padding-top: 1mm; font-size: 8.5pt; }
@media screen { body { max-width: 180mm; margin: 10mm auto; } }
`;

/**
 * The proof of use (Verwendungsnachweis, zahlenmäßiger Nachweis) as a self-contained German HTML
 * page that prints on A4: the grant's facts, totals per cost category, the lines per month and
 * category with funded and own share and their sources, and every total as the sum of the
 * printed lines to the cent. No scripts, no external resources.
 *
 * @example
 * const html = proofOfUseHtml(proofOfUse(grant, records, { asOf: '2026-12-31' }));
 * html.includes('size: A4;'); // true
 */
export function proofOfUseHtml(report: ProofOfUse): string {
  const { grant } = report;
  const facts: [string, string][] = [
    ['Förderprogramm', grant.programme],
    ['Zuwendungsgeber', grant.funder],
    ['Förderkennzeichen', grant.referenceNumber],
    ['Bewilligungszeitraum', `${germanDate(grant.period.start)} – ${germanDate(grant.period.end)}`],
    ['Berichtszeitraum', `${germanDate(report.from)} – ${germanDate(report.to)}`],
    ['Zuwendung (Höchstbetrag)', formatMoneyDe(grant.amount)],
    ['Fördersatz', percent(grant.coFundingRate)],
    ['Förderung in früheren Berichtszeiträumen', formatMoneyDe(report.fundedBefore)],
    ['Bis Ende des Berichtszeitraums ausgezahlte Mittel', formatMoneyDe(report.tranchesReceived)],
    ['Stand der Daten', germanDate(report.asOf)],
  ];
  const head = '<th class="num">Ausgaben</th><th class="num">Förderung</th><th class="num">Eigenanteil</th>';
  const categoryRows = report.byCategory
    .map((c) => `<tr><td>${esc(costCategoryLabels[c.category])}</td>${figures(c)}</tr>`)
    .join('\n');
  const lineRows = report.byMonth
    .map((month) => {
      const lines = report.lines
        .filter((l) => l.month === month.month)
        .map(
          (l) =>
            `<tr><td class="month">${esc(germanMonth(l.month))}</td><td>${esc(costCategoryLabels[l.category])}</td>${figures(l)}<td class="src">${esc(l.sources.map(germanSource).join('; '))}${l.rates.length > 0 ? `<br>Umrechnung: ${esc(l.rates.map(rateLabelDe).join('; '))}` : ''}</td></tr>`,
        );
      lines.push(
        `<tr class="sum"><td colspan="2">Summe ${esc(germanMonth(month.month))}</td>${figures(month)}<td class="src">Summe der Zeilen</td></tr>`,
      );
      return lines.join('\n');
    })
    .join('\n');
  const empty = '<tr><td colspan="6">Keine zuwendungsfähigen Ausgaben im Berichtszeitraum.</td></tr>';
  return `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<title>Verwendungsnachweis ${esc(grant.referenceNumber)} (${germanDate(report.from)} – ${germanDate(report.to)})</title>
<style>${style(`Verwendungsnachweis ${grant.referenceNumber}, Stand ${germanDate(report.asOf)}`)}</style>
</head>
<body>
<h1>Verwendungsnachweis – zahlenmäßiger Nachweis</h1>
<table class="facts"><tbody>
${facts.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v)}</td></tr>`).join('\n')}
</tbody></table>

<h2>1. Ausgaben nach Kostenkategorie</h2>
<table>
<thead><tr><th>Kostenkategorie</th>${head}</tr></thead>
<tbody>
${categoryRows || '<tr><td colspan="4">Keine Ausgaben.</td></tr>'}
<tr class="sum"><td>Gesamtsumme</td>${figures(report.total)}</tr>
</tbody>
</table>

<h2>2. Ausgaben nach Monat und Kostenkategorie mit Herkunft der Zahlen</h2>
<table>
<thead><tr><th>Monat</th><th>Kostenkategorie</th>${head}<th>Quelle</th></tr></thead>
<tbody>
${lineRows || empty}
<tr class="sum"><td colspan="2">Gesamtsumme</td>${figures(report.total)}<td class="src">Summe der Zeilen</td></tr>
</tbody>
</table>

<p class="note">Beträge in ${esc(grant.amount.currency)}, auf Cent gerundet; jede Summe ist die Summe der darüber gedruckten Zeilen.
Förderung = Fördersatz × zuwendungsfähige Ausgaben, höchstens bis zum Höchstbetrag der Zuwendung; Eigenanteil = Ausgaben − Förderung.
Quellen: Abrechnungsdateien (FOCUS oder CSV) mit Zeilennummern bzw. die Berechnung aus gemessener Nutzung und Preisliste.${
    report.lines.some((l) => l.rates.length > 0)
      ? `
Beträge in fremder Währung sind mit dem Kurs ihres Buchungstags umgerechnet (an Wochenenden und Feiertagen mit dem zuletzt davor veröffentlichten); jede Zeile nennt die verwendeten Kurse mit Datum und Quelle.`
      : ''
  }
Kontrollsumme Ausgaben: ${esc(formatMoney(report.total.spend))}.</p>

<div class="signature"><div>Ort, Datum</div><div>Rechtsverbindliche Unterschrift</div></div>
</body>
</html>
`;
}
