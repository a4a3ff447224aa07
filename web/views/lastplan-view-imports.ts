import { initialState } from '@lit/task';
import { css, html, nothing } from 'lit';
import { getJson } from '../api/client.ts';
import type { CostImportDto, CostImportPeriodDto, CostImportResultDto } from '../api/dto.ts';
import { emptyList, renderState, taskState, viewTask } from '../elements/view-state.ts';
import { costPeriod, periodText } from '../format/cost-period.ts';
import { moneyText } from '../format/decimal-text.ts';
import { calendarDate, formatters } from '../format/formatters.ts';
import { rowReason } from '../format/row-reason.ts';
import { type Lang, langOf, localeOf, type MessageKey, t } from '../i18n.ts';
import { DashboardView, sessionApi } from './dashboard-view.ts';
import { FileUpload, uploadStyles } from './upload-parts.ts';
import { backLink } from './view-parts.ts';

type RowError = CostImportPeriodDto['errors'][number];

/** A count of rows in words, singular or plural. */
const rowsText = (lang: Lang, n: number) => (n === 1 ? t(lang, 'rowsOne') : t(lang, 'rowsMany', { n }));
type Amount = { readonly amount: string; readonly currency: string };

/**
 * `<lastplan-view-imports>` at `/imports` (finance and admin, as the API allows): uploads a FOCUS
 * or plain cost CSV with the progress of the upload, shows what the server made of each billing
 * period (rows taken, refused rows with line and reason, totals, rates used, periods imported
 * before), and lists the periods imported so far.
 */
export class LastplanViewImports extends DashboardView {
  static override properties = { currency: { type: String } };

  static override styles = [
    ...DashboardView.styles,
    uploadStyles,
    css`
      /* The figures stay beside their names on a phone too; a name never gets narrower than its
         longest word (it ran into its figure), the figure's text wraps instead. */
      :host dl.figures { grid-template-columns: minmax(min-content, 40%) minmax(0, 1fr); }
      .summary { border-top: 1px solid var(--_border); margin-top: 0.8rem; padding-top: 0.8rem; }
      p.outcome { font-weight: 600; }
      p.outcome.rejected { color: var(--_error); }
      td.reason { overflow-wrap: anywhere; }
      .period { border: 1px solid var(--_border); border-radius: 4px; padding: 0.6rem 0.8rem; margin: 0.6rem 0; }
      table.periods caption, table.errors caption { text-align: left; font-weight: 600; padding: 0.4rem 0; }
      /* Every period's refused rows in the same columns, so they read as one list. */
      table.errors th:nth-child(1) { width: 4rem; }
      table.errors th:nth-child(2) { width: 9rem; }
      table.errors code { overflow-wrap: anywhere; }
      /* On a phone the reason gets the room: it is the sentence people read. */
      @media (max-width: 30rem) {
        table.errors th:nth-child(1) { width: 2.5rem; }
        table.errors th:nth-child(2) { width: 5rem; }
      }
      td.outcome { font-weight: 600; }
      td.outcome.rejected { color: var(--_error); }
      details.rates summary { cursor: pointer; }
      h3.upload { margin: 1rem 0 0.3rem; font-size: 0.95rem; overflow-wrap: anywhere; }
      td.source { min-width: 8rem; }
      /* Billing account ids are long and have no spaces: they break anywhere, the name at spaces. */
      .account { overflow-wrap: anywhere; }
      .period h4 { overflow-wrap: anywhere; }
      .period h4 { margin: 0 0 0.4rem; font-size: 1rem; }
      ul.notes { margin: 0.3rem 0; padding-left: 1.2rem; }
      .amounts { white-space: nowrap; }
    `,
  ];

  /** The tenant's currency, which the server books in. */
  currency = 'EUR';
  readonly #upload = new FileUpload<CostImportResultDto>(this);

  readonly #imports = viewTask(this, {
    args: () => [this.api, this.can('finance')] as const,
    load: async ([api, allowed], signal) =>
      allowed
        ? (await getJson<{ items: CostImportDto[] }>(sessionApi(api), '/v1/costs/imports', signal)).items
        : initialState,
    empty: emptyList((lang) => t(lang, 'importsNone')),
  });

  override render() {
    const lang = langOf(this);
    if (!this.can('finance')) {
      return html`${backLink(lang)}<section class="card"><h2 tabindex="-1">${t(lang, 'importsTitle')}</h2><p>${t(lang, 'importsFinanceOnly')}</p></section>`;
    }
    return html`${backLink(lang)}
      <section class="card" aria-labelledby="imports-title">
        <h2 id="imports-title" tabindex="-1">${t(lang, 'importsTitle')}</h2>
        <p>${t(lang, 'importsIntro')}</p>
        ${this.#form(lang)}
        ${this.#upload.result ? this.#summary(this.#upload.result, lang) : nothing}
      </section>
      <section class="card" aria-labelledby="imports-list-title">
        <h2 id="imports-list-title">${t(lang, 'importsEarlier')}</h2>
        ${renderState(taskState(this.#imports, lang, true), lang, (items) => this.#list(items, lang))}
      </section>`;
  }

  #form(lang: Lang) {
    const locale = localeOf(this);
    return html`<form class="upload-form" @submit=${(e: SubmitEvent) => this.#send(e, lang)}>
      ${this.#upload.picker({
        id: 'cost-file',
        label: t(lang, 'importsFile'),
        accept: '.csv,text/csv',
        hint: t(lang, 'importsFileHint'),
        lang,
        locale,
      })}
      <label class="field">${t(lang, 'importsBasis')}
        <select name="basis">
          <option value="billed">${t(lang, 'importsBasisBilled')}</option>
          <option value="effective">${t(lang, 'importsBasisEffective')}</option>
        </select></label>
      <label class="field">${t(lang, 'importsSource')}
        <input name="source" maxlength="100" placeholder=${t(lang, 'importsSourcePlaceholder')} /></label>
      <button type="submit" ?disabled=${this.#upload.busy}>${t(lang, 'importsSend')}</button>
    </form>
    ${this.#upload.progressBar('cost-progress', lang, locale)}
    <div role="alert">${this.#upload.error}</div>`;
  }

  async #send(submitted: SubmitEvent, lang: Lang): Promise<void> {
    submitted.preventDefault();
    const form = new FormData(submitted.target as HTMLFormElement);
    const source = String(form.get('source') ?? '').trim();
    const query = (file: File) =>
      new URLSearchParams({
        fileName: file.name,
        basis: String(form.get('basis') ?? 'billed'),
        ...(source ? { source } : {}),
      });
    const sent = await this.#upload.send(
      lang,
      sessionApi(this.api),
      (file) => `/v1/costs/imports?${query(file)}`,
    );
    if (sent) void this.#imports.run();
  }

  #summary(result: CostImportResultDto, lang: Lang) {
    const rowsOf = (action: CostImportPeriodDto['action']) =>
      result.periods.filter((p) => p.action === action).reduce((sum, p) => sum + p.rows, 0);
    const faulty = result.periods.reduce((sum, p) => sum + p.errorCount, 0) + result.unplaced.length;
    const locale = localeOf(this);
    const outcome: Record<CostImportPeriodDto['action'], MessageKey> = {
      imported: 'importsOutcomeImported',
      unchanged: 'importsOutcomeUnchanged',
      rejected: 'importsOutcomeRejected',
    };
    const remarkable = result.periods.filter((p) => p.errorCount > 0 || p.warnings.length > 0);
    return html`<section class="summary" aria-labelledby="import-result-title">
      <h3 id="import-result-title">${t(lang, 'importsResult', { file: result.fileName })}</h3>
      <dl class="figures">
        <dt>${t(lang, 'importsFormat')}</dt><dd>${t(lang, result.format === 'focus' ? 'importsFormatFocus' : 'importsFormatPlain')}</dd>
        <dt>${t(lang, 'importsRowsRead')}</dt><dd data-figure="rows">${result.rows}</dd>
        <dt>${t(lang, 'importsRowsImported')}</dt><dd data-figure="imported">${rowsOf('imported')}</dd>
        <dt>${t(lang, 'importsRowsUnchanged')}</dt><dd data-figure="unchanged">${rowsOf('unchanged')}</dd>
        <dt>${t(lang, 'importsRowsRejected')}</dt><dd data-figure="refused">${Math.max(0, result.rows - rowsOf('imported') - rowsOf('unchanged'))}</dd>
        <dt>${t(lang, 'importsRowsFaulty')}</dt><dd data-figure="faulty">${faulty}</dd>
        <dt>${t(lang, 'importsPeriods')}</dt><dd>${t(lang, 'importsPeriodCounts', {
          imported: result.imported,
          unchanged: result.unchanged,
          rejected: result.rejected,
        })}</dd>
      </dl>
      ${
        result.periods.length
          ? html`<table tabindex="0" class="periods">
              <caption>${t(lang, 'importsPeriodsOfFile')}</caption>
              <thead><tr>
                <th scope="col">${t(lang, 'importsPeriod')}</th>
                <th scope="col">${t(lang, 'importsSourceColumn')}</th>
                <th scope="col">${t(lang, 'importsOutcome')}</th>
                <th scope="col" class="num">${t(lang, 'importsRowsColumn')}</th>
                <th scope="col" class="num">${t(lang, 'importsBilled')}</th>
                <th scope="col" class="num">${t(lang, 'importsBooked')}</th>
                <th scope="col">${t(lang, 'importsRatesColumn')}</th>
              </tr></thead>
              <tbody>${result.periods.map((p) => {
                const place = costPeriod(p.key);
                return html`<tr>
                  <td>${place ? periodText(locale, place) : '–'}</td>
                  <td class="source">${place ? this.#source(place.source, place.account, lang) : p.key}</td>
                  <td class="outcome ${p.action}">${t(lang, outcome[p.action])}</td>
                  <td class="num">${p.rows}</td>
                  <td class="num amounts">${this.#amounts(p.billedCost, locale)}</td>
                  <td class="num amounts">${p.action === 'imported' ? moneyText(locale, p.booked, this.currency) : '–'}</td>
                  <td>${p.rates.length ? this.#rates(p.rates, lang, locale) : '–'}</td>
                </tr>`;
              })}</tbody>
            </table>`
          : nothing
      }
      ${remarkable.map((period) => this.#remarks(period, lang, locale))}
      ${
        result.unplaced.length
          ? html`<article class="period"><h4>${t(lang, 'importsUnplaced')}</h4>${this.#errors(result.unplaced, result.unplaced.length, lang)}</article>`
          : nothing
      }
    </section>`;
  }

  /** What the server says about one period: why it was refused (rows, line, reason), and its warnings. */
  #remarks(period: CostImportPeriodDto, lang: Lang, locale: string) {
    const place = costPeriod(period.key);
    return html`<article class="period">
      <h4>${place ? html`${periodText(locale, place)} · ${this.#source(place.source, place.account, lang)}` : period.key}</h4>
      ${
        period.action === 'rejected'
          ? html`<p class="outcome rejected">${t(lang, 'importsActionRejected', { errors: rowsText(lang, period.errorCount) })}</p>`
          : nothing
      }
      ${
        period.warnings.length
          ? html`<ul class="notes">${period.warnings.map((w) => html`<li>${lang === 'de' ? w.messageDe : w.message}</li>`)}</ul>`
          : nothing
      }
      ${period.errorCount ? this.#errors(period.errors, period.errorCount, lang) : nothing}
    </article>`;
  }

  /** The rates a period was converted with: how many, from when to when; each with its rows when opened. */
  #rates(rates: CostImportPeriodDto['rates'], lang: Lang, locale: string) {
    const days = rates.map((r) => r.date).sort();
    return html`<details class="rates">
      <summary>${t(lang, 'importsRates', {
        n: rates.length,
        first: calendarDate(locale, days[0] ?? ''),
        last: calendarDate(locale, days.at(-1) ?? ''),
      })}</summary>
      <ul class="notes">${rates.map(
        (r) => html`<li>${lang === 'de' ? r.labelDe : r.label} (${rowsText(lang, r.records)})</li>`,
      )}</ul>
    </details>`;
  }

  /**
   * Refused rows: line, column and the reason, in words where the reason is one the import is
   * known to give, else the server's own (marked English); a missing or stale exchange rate
   * links to the rates view.
   */
  #errors(errors: readonly RowError[], count: number, lang: Lang) {
    const locale = localeOf(this);
    const reasons = errors.map((e) => rowReason(lang, e.message, locale));
    return html`<table class="errors">
        <caption>${t(lang, count > errors.length ? 'importsErrorsFirst' : 'importsErrors', { shown: errors.length, n: count })}</caption>
        <thead><tr><th scope="col" class="num">${t(lang, 'importsLine')}</th><th scope="col">${t(lang, 'importsColumn')}</th><th scope="col">${t(lang, 'importsReason')}</th></tr></thead>
        <tbody>${errors.map((e, i) => {
          const reason = reasons[i];
          return html`<tr><td class="num">${e.line}</td><td><code>${e.column ?? '–'}</code></td>${
            reason
              ? html`<td class="reason">${reason.text}</td>`
              : html`<td class="reason" lang="en">${e.message}</td>`
          }</tr>`;
        })}</tbody>
      </table>
      ${reasons.some((r) => r?.rate) ? html`<p><a href="/exchange-rates">${t(lang, 'importsRateHelp')}</a></p>` : nothing}`;
  }

  /** FOCUS: issuer and account; plain: the source given at upload (the server says `plain` when none was). */
  #source(source: string, account: string | undefined, lang: Lang) {
    // A provider's company name (Amazon Web Services EMEA SARL) is read out in its language.
    if (account !== undefined)
      return html`<span lang="en">${source}</span> <small class="account">(${account})</small>`;
    return source === 'plain' ? t(lang, 'importsSourceNone') : source;
  }

  #amounts(amounts: readonly Amount[], locale: string) {
    return amounts.length ? amounts.map((a) => moneyText(locale, a.amount, a.currency)).join(' + ') : '–';
  }

  /**
   * The stored periods, grouped by the upload they came from (same file, same moment): a heading
   * and a table each, so on a phone the heading wraps and only the figures scroll.
   */
  #list(items: readonly CostImportDto[], lang: Lang) {
    const locale = localeOf(this);
    const fmt = formatters(locale, this.timeZone);
    const uploads = new Map<string, CostImportDto[]>();
    for (const item of items) {
      const key = `${item.importedAt}|${item.fileName}`;
      uploads.set(key, [...(uploads.get(key) ?? []), item]);
    }
    return html`${[...uploads.values()].map((periods, index) => {
      const first = periods[0] as CostImportDto;
      const format = t(lang, first.format === 'focus' ? 'importsFormatFocus' : 'importsFormatPlain');
      return html`<h3 class="upload" id=${`upload-${index}`}>${t(lang, 'importsUpload', {
        when: fmt.dateTime(Date.parse(first.importedAt)),
        file: first.fileName,
        format,
        periods: periods.length,
      })}</h3>
        <table tabindex="0" class="earlier" aria-labelledby=${`upload-${index}`}>
          <thead><tr>
            <th scope="col">${t(lang, 'importsPeriod')}</th>
            <th scope="col">${t(lang, 'importsSourceColumn')}</th>
            <th scope="col" class="num">${t(lang, 'importsRowsColumn')}</th>
            <th scope="col" class="num">${t(lang, 'importsBilled')}</th>
            <th scope="col" class="num">${t(lang, 'importsBooked')}</th>
          </tr></thead>
          <tbody>${periods.map((item) => {
            const place = costPeriod(item.periodKey);
            return html`<tr>
              <td>${place ? periodText(locale, place) : '–'}</td>
              <td class="source">${place ? this.#source(place.source, place.account, lang) : item.periodKey}</td>
              <td class="num">${item.rows}${item.corrections ? html` <small>(${t(lang, 'importsCorrections', { n: item.corrections })})</small>` : nothing}</td>
              <td class="num amounts">${this.#amounts(item.billedTotals, locale)}</td>
              <td class="num amounts">${moneyText(locale, item.bookedTotal, this.currency)}</td>
            </tr>`;
          })}</tbody>
        </table>`;
    })}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lastplan-view-imports': LastplanViewImports;
  }
}
