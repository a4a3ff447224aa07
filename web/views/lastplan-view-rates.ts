import { css, html, nothing, type TemplateResult } from 'lit';
import { deleteResource, getJson, postJson } from '../api/client.ts';
import type {
  EcbRateImportDto,
  ExchangeRateChangesDto,
  ExchangeRateDto,
  ExchangeRateLookupDto,
  ExchangeRatesDto,
} from '../api/dto.ts';
import { problemLine, renderState, taskState, viewTask } from '../elements/view-state.ts';
import { decimalText, isCurrencyCode, positiveDecimal } from '../format/decimal-text.ts';
import { calendarDate } from '../format/formatters.ts';
import { localDate } from '../format/zoned-time.ts';
import { type Lang, langOf, localeOf, type MessageKey, t } from '../i18n.ts';
import { DashboardView, sessionApi } from './dashboard-view.ts';
import { FileUpload, uploadStyles, uploadType } from './upload-parts.ts';
import { backLink } from './view-parts.ts';

const DAY = 86_400_000;
/** Rows the table shows at most; a currency filter narrows a long table. */
const SHOWN = 200;

/** Whole days from `date` to `today` (both YYYY-MM-DD). */
const daysBetween = (date: string, today: string) =>
  Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${date}T00:00:00Z`)) / DAY);

const pair = (r: Pick<ExchangeRateDto, 'base' | 'quote'>) => [r.base, r.quote].sort().join('/');

/**
 * `<lastplan-view-rates>` at `/exchange-rates`: the exchange rates cost imports convert with —
 * the tenant's own (or the shipped catalog's) dated rates, newest first, filtered by currency,
 * with the newest rate of each pair marked stale when older than the import accepts; the
 * built-in ECB reference rates and how far they reach; a lookup of the rate a cost of a day is
 * booked with. Finance and admin also add or correct a rate (decimal comma or point), delete one
 * of their own, and import an ECB reference-rate file with the progress of the upload.
 */
export class LastplanViewRates extends DashboardView {
  static override properties = {
    currency: { state: true },
    formError: { state: true },
    saved: { state: true },
    added: { state: true },
    busy: { state: true },
    confirming: { state: true },
    lookup: { state: true },
  };

  static override styles = [
    ...DashboardView.styles,
    uploadStyles,
    css`
      /* The hidden column title stays inside the table when it scrolls on a phone (an absolutely
         placed element beyond the scroller's edge would widen the page). */
      table { position: relative; }
      .stale { color: var(--_error); font-weight: 600; }
      .notice { border-left: 4px solid var(--_error); padding: 0.3rem 0.8rem; margin: 0.6rem 0; }
      td.rate { white-space: nowrap; }
      .rate-form label, .lookup-form label { display: flex; flex-direction: column; gap: 0.2rem; font-size: 0.95em; }
      .rate-form input.code, .lookup-form input.code { width: 6rem; text-transform: uppercase; }
      .rate-form input, .lookup-form input { width: min(12rem, 100%); }
      .rate-form, .lookup-form { align-items: end; }
      .confirm { display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: center; }
      .filter { margin-bottom: 0.6rem; }
      .filter select { width: auto; }
    `,
  ];

  /** The currency the table is narrowed to ('' for all). */
  currency = '';
  formError: TemplateResult | string = '';
  /** What the last delete did (shown under the table). */
  saved: TemplateResult | string = '';
  /** What the last added rate did (shown under the form). */
  added = '';
  busy = false;
  /** The rate whose delete waits for a confirmation. */
  confirming: ExchangeRateDto | undefined;
  lookup: { readonly asked: string; readonly found: ExchangeRateLookupDto } | TemplateResult | undefined;
  readonly #ecb = new FileUpload<EcbRateImportDto>(this);

  readonly #rates = viewTask(this, {
    args: () => [this.api] as const,
    load: ([api], signal) => getJson<ExchangeRatesDto>(sessionApi(api), '/v1/exchange-rates', signal),
  });

  override render() {
    const lang = langOf(this);
    return html`${backLink(lang)}
      <section class="card" aria-labelledby="rates-title">
        <h2 id="rates-title" tabindex="-1">${t(lang, 'ratesTitle')}</h2>
        ${renderState(taskState(this.#rates, lang, true), lang, (data) => this.#overview(data, lang))}
      </section>
      ${this.can('finance') ? this.#rateForm(lang) : nothing}
      ${this.#lookupForm(lang)}
      ${this.can('finance') ? this.#ecbImport(lang) : nothing}`;
  }

  #today(): string {
    return localDate(Date.now(), this.timeZone);
  }

  #overview(data: ExchangeRatesDto, lang: Lang) {
    const locale = localeOf(this);
    const today = this.#today();
    const referenceAge = daysBetween(data.reference.last, today);
    return html`<p>${t(lang, 'ratesIntro', { days: data.maxAgeDays })}</p>
      <p>${t(lang, 'ratesReference', {
        first: calendarDate(locale, data.reference.first),
        last: calendarDate(locale, data.reference.last),
        n: data.reference.currencies.length,
      })}</p>
      ${
        referenceAge > data.maxAgeDays
          ? html`<p class="notice"><strong class="stale">${t(lang, 'ratesReferenceStale', { age: referenceAge })}</strong>
              ${t(lang, this.can('finance') ? 'ratesReferenceStaleHint' : 'ratesReferenceStaleAsk', {
                max: data.maxAgeDays,
                after: calendarDate(
                  locale,
                  new Date(Date.parse(`${data.reference.last}T00:00:00Z`) + data.maxAgeDays * DAY)
                    .toISOString()
                    .slice(0, 10),
                ),
              })}</p>`
          : nothing
      }
      <h3>${t(lang, data.builtIn ? 'ratesShipped' : 'ratesOwn')}</h3>
      ${data.rates.length ? this.#table(data, lang, today) : html`<p>${t(lang, 'ratesNone')}</p>`}
      <p role="status">${this.saved}</p>`;
  }

  #table(data: ExchangeRatesDto, lang: Lang, today: string) {
    const locale = localeOf(this);
    const currencies = [...new Set(data.rates.flatMap((r) => [r.base, r.quote]))].sort();
    const rows = data.rates
      .filter((r) => !this.currency || r.base === this.currency || r.quote === this.currency)
      .toSorted((a, b) => b.date.localeCompare(a.date) || pair(a).localeCompare(pair(b)));
    // The newest rate of each pair says whether the pair is current: older ones are history.
    const newest = new Map<string, string>();
    for (const r of rows) if (!newest.has(pair(r))) newest.set(pair(r), r.date);
    const state = (r: ExchangeRateDto) => {
      if (newest.get(pair(r)) !== r.date) return html`${t(lang, 'ratesOlder')}`;
      const age = daysBetween(r.date, today);
      return age > data.maxAgeDays
        ? html`<span class="stale">${t(lang, 'ratesStale', { age })}</span>`
        : html`${t(lang, 'ratesCurrent', { age: Math.max(0, age) })}`;
    };
    const mayDelete = this.can('finance') && !data.builtIn;
    return html`<form class="filter" @submit=${(e: Event) => e.preventDefault()}>
        <label>${t(lang, 'ratesFilter')}
          <select @change=${(e: Event) => {
            this.currency = (e.target as HTMLSelectElement).value;
          }}>
            <option value="" ?selected=${!this.currency}>${t(lang, 'ratesFilterAll')}</option>
            ${currencies.map((c) => html`<option value=${c} ?selected=${this.currency === c}>${c}</option>`)}
          </select></label>
      </form>
      <table tabindex="0">
        <caption class="visually-hidden">${t(lang, 'ratesTitle')}</caption>
        <thead><tr>
          <th scope="col">${t(lang, 'ratesDate')}</th>
          <th scope="col">${t(lang, 'ratesRate')}</th>
          <th scope="col">${t(lang, 'ratesSource')}</th>
          <th scope="col">${t(lang, 'ratesState')}</th>
          ${mayDelete ? html`<th scope="col"><span class="visually-hidden">${t(lang, 'ratesActions')}</span></th>` : nothing}
        </tr></thead>
        <tbody>${rows.slice(0, SHOWN).map(
          (r) => html`<tr>
            <td>${calendarDate(locale, r.date)}</td>
            <td class="rate">1 ${r.base} = ${decimalText(locale, r.rate)} ${r.quote}</td>
            <td>${this.#source(r, data.builtIn, lang)}</td>
            <td>${state(r)}</td>
            ${mayDelete ? html`<td>${this.#deleteCell(r, lang)}</td>` : nothing}
          </tr>`,
        )}</tbody>
      </table>
      ${rows.length > SHOWN ? html`<p>${t(lang, 'ratesShownFirst', { shown: SHOWN, n: rows.length })}</p>` : nothing}
      ${this.#confirmation(lang)}`;
  }

  #source(r: ExchangeRateDto, builtIn: boolean, lang: Lang) {
    const kind: MessageKey = builtIn
      ? 'ratesSourceShipped'
      : r.source === 'ECB'
        ? 'ratesSourceEcbFile'
        : 'ratesSourceEntered';
    return html`${t(lang, kind)}${r.source === 'ECB' ? nothing : html`: <span class="source">${r.source}</span>`}`;
  }

  /** The rate a lookup found, dated in the page's style (the server's label writes 30.11.2026). */
  #foundText(r: ExchangeRateDto, lang: Lang) {
    const source = r.source === 'ECB' ? t(lang, 'ratesSourceEcb') : r.source;
    return t(lang, 'ratesLookupFound', { ...this.#what(r), source });
  }

  /** A rate in words for the delete button and its question. */
  #what(r: ExchangeRateDto) {
    const locale = localeOf(this);
    return {
      rate: `1 ${r.base} = ${decimalText(locale, r.rate)} ${r.quote}`,
      date: calendarDate(locale, r.date),
    };
  }

  #deleteCell(r: ExchangeRateDto, lang: Lang) {
    return html`<button @click=${() => this.#ask(r)} aria-label=${t(lang, 'ratesDeleteLabel', this.#what(r))}>${t(lang, 'ratesDelete')}</button>`;
  }

  /** Asks below the table (a cell of a table that scrolls on a phone is too narrow for it). */
  async #ask(r: ExchangeRateDto): Promise<void> {
    this.confirming = r;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.confirm button')?.focus();
  }

  #confirmation(lang: Lang) {
    const r = this.confirming;
    if (!r) return nothing;
    const question = t(lang, 'ratesDeleteAsk', this.#what(r));
    return html`<div class="confirm notice" role="group" aria-label=${question}>
      <span>${question}</span>
      <button @click=${() => this.#delete(r, lang)} ?disabled=${this.busy}>${t(lang, 'ratesDeleteConfirm')}</button>
      <button @click=${() => (this.confirming = undefined)}>${t(lang, 'cancel')}</button>
    </div>`;
  }

  async #delete(r: ExchangeRateDto, lang: Lang): Promise<void> {
    this.busy = true;
    const e = encodeURIComponent;
    try {
      await deleteResource(
        sessionApi(this.api),
        `/v1/exchange-rates/${e(r.base)}/${e(r.quote)}/${e(r.date)}`,
      );
      // The table is current before the message says so.
      await this.#rates.run();
      this.confirming = undefined;
      // What the form and the lookup said before may be about the rate just deleted.
      this.added = '';
      this.lookup = undefined;
      this.saved = t(lang, 'ratesDeleted', {
        rate: `${r.base}/${r.quote}`,
        date: calendarDate(localeOf(this), r.date),
      });
    } catch (error) {
      this.saved = problemLine(error, lang);
    } finally {
      this.busy = false;
    }
  }

  #rateForm(lang: Lang) {
    return html`<section class="card" aria-labelledby="rate-form-title">
      <h3 id="rate-form-title">${t(lang, 'ratesAddTitle')}</h3>
      <p>${t(lang, 'ratesAddIntro')}</p>
      <form class="rate-form" @submit=${(e: SubmitEvent) => this.#add(e, lang)} novalidate>
        <label>${t(lang, 'ratesBase')}<input class="code" name="base" value="EUR" maxlength="3" autocomplete="off" required /></label>
        <label>${t(lang, 'ratesQuote')}<input class="code" name="quote" maxlength="3" autocomplete="off" placeholder="USD" required /></label>
        <label>${t(lang, 'ratesDate')}<input type="date" name="date" .value=${this.#today()} required /></label>
        <label>${t(lang, 'ratesRateField')}<input name="rate" inputmode="decimal" placeholder="1,0834" autocomplete="off" required /></label>
        <label>${t(lang, 'ratesSourceField')}<input name="source" maxlength="500" .value=${t(lang, 'ratesSourceDefault')} required /></label>
        <button type="submit" ?disabled=${this.busy}>${t(lang, 'ratesSave')}</button>
      </form>
      <div role="alert">${this.formError}</div>
      <p role="status">${this.added}</p>
    </section>`;
  }

  /** The form's currency fields, upper-cased, or the message of the first that is no ISO 4217 code. */
  #codes(form: FormData, names: readonly string[], lang: Lang): string[] | string {
    const codes = names.map((name) =>
      String(form.get(name) ?? '')
        .trim()
        .toUpperCase(),
    );
    const bad = codes.find((code) => !isCurrencyCode(code));
    if (bad !== undefined) return t(lang, 'ratesBadCode', { code: bad || '–' });
    if (codes[0] === codes[1]) return t(lang, 'ratesSameCode');
    return codes;
  }

  async #add(submitted: SubmitEvent, lang: Lang): Promise<void> {
    submitted.preventDefault();
    const form = new FormData(submitted.target as HTMLFormElement);
    const codes = this.#codes(form, ['base', 'quote'], lang);
    const rate = positiveDecimal(String(form.get('rate') ?? ''));
    const date = String(form.get('date') ?? '');
    const source = String(form.get('source') ?? '').trim();
    const refusal =
      typeof codes === 'string'
        ? codes
        : rate === undefined
          ? t(lang, 'ratesBadRate')
          : !/^\d{4}-\d{2}-\d{2}$/.test(date)
            ? t(lang, 'ratesBadDate')
            : !source
              ? t(lang, 'ratesNoSource')
              : '';
    this.added = '';
    if (refusal || typeof codes === 'string' || rate === undefined) {
      this.formError = html`<strong>${refusal}</strong>`;
      return;
    }
    const [base = '', quote = ''] = codes;
    this.busy = true;
    try {
      const changes = await postJson<ExchangeRateChangesDto>(sessionApi(this.api), '/v1/exchange-rates', {
        rates: [{ base, quote, date, rate, source }],
      });
      this.formError = '';
      const done: MessageKey = changes.added
        ? 'ratesAdded'
        : changes.corrected
          ? 'ratesCorrected'
          : 'ratesUnchanged';
      this.currency = '';
      await Promise.all([this.#rates.run(), this.#lookUp(lang, quote, base, date)]);
      this.added = t(lang, done, {
        rate: `1 ${base} = ${decimalText(localeOf(this), rate)} ${quote}`,
        date: calendarDate(localeOf(this), date),
      });
    } catch (error) {
      this.formError = problemLine(error, lang);
    } finally {
      this.busy = false;
    }
  }

  #lookupForm(lang: Lang) {
    const found = this.lookup;
    return html`<section class="card" aria-labelledby="lookup-title">
      <h3 id="lookup-title">${t(lang, 'ratesLookupTitle')}</h3>
      <p>${t(lang, 'ratesLookupIntro')}</p>
      <form class="lookup-form" novalidate @submit=${(e: SubmitEvent) => {
        e.preventDefault();
        const form = new FormData(e.target as HTMLFormElement);
        const codes = this.#codes(form, ['from', 'to'], lang);
        if (typeof codes === 'string') this.lookup = html`<strong>${codes}</strong>`;
        else void this.#lookUp(lang, codes[0] ?? '', codes[1] ?? '', String(form.get('day') ?? ''));
      }}>
        <label>${t(lang, 'ratesLookupFrom')}<input class="code" name="from" value="USD" maxlength="3" autocomplete="off" /></label>
        <label>${t(lang, 'ratesLookupTo')}<input class="code" name="to" value="EUR" maxlength="3" autocomplete="off" /></label>
        <label>${t(lang, 'ratesLookupDay')}<input type="date" name="day" .value=${this.#today()} required /></label>
        <button type="submit">${t(lang, 'ratesLookupButton')}</button>
      </form>
      <p role="status" class="lookup-result">${
        found === undefined
          ? nothing
          : 'found' in found
            ? found.found.found
              ? html`${found.asked} ${found.found.rate ? this.#foundText(found.found.rate, lang) : lang === 'de' ? found.found.labelDe : found.found.label}`
              : html`<strong class="stale">${found.asked} ${t(lang, 'ratesLookupNone')}</strong> <span lang="en">${found.found.detail ?? ''}</span>`
            : found
      }</p>
    </section>`;
  }

  /** Asks the server which rate a cost of `day` in `from` is booked with in `to`, and shows it. */
  async #lookUp(lang: Lang, from: string, to: string, day: string): Promise<void> {
    const query = new URLSearchParams({ from, to, day });
    const asked = t(lang, 'ratesLookupAsked', {
      from,
      to,
      day: /^\d{4}-\d{2}-\d{2}$/.test(day) ? calendarDate(localeOf(this), day) : day,
    });
    try {
      const found = await getJson<ExchangeRateLookupDto>(
        sessionApi(this.api),
        `/v1/exchange-rates/lookup?${query}`,
      );
      this.lookup = { asked, found };
    } catch (error) {
      this.lookup = problemLine(error, lang);
    }
  }

  #ecbImport(lang: Lang) {
    const locale = localeOf(this);
    const r = this.#ecb.result;
    const count = new Intl.NumberFormat(locale);
    return html`<section class="card" aria-labelledby="ecb-title">
      <h3 id="ecb-title">${t(lang, 'ratesEcbTitle')}</h3>
      <p>${t(lang, 'ratesEcbIntro')}</p>
      <form class="upload-form" @submit=${(e: SubmitEvent) => this.#importEcb(e, lang)}>
        ${this.#ecb.picker({
          id: 'ecb-file',
          label: t(lang, 'ratesEcbFile'),
          accept: '.zip,.csv,application/zip,text/csv',
          hint: t(lang, 'ratesEcbHint'),
          lang,
          locale,
        })}
        <button type="submit" ?disabled=${this.#ecb.busy}>${t(lang, 'ratesEcbUpload')}</button>
      </form>
      ${this.#ecb.progressBar('ecb-progress', lang, locale)}
      <div role="alert">${this.#ecb.error}</div>
      ${
        r
          ? html`<p class="ecb-result" role="status">${t(lang, 'ratesEcbDone', {
              file: r.fileName,
              days: count.format(r.days),
              first: calendarDate(locale, r.first),
              last: calendarDate(locale, r.last),
              currencies: r.currencies.length,
              added: count.format(r.added),
              corrected: count.format(r.corrected),
              unchanged: count.format(r.unchanged),
              builtIn: count.format(r.builtIn),
            })}</p>`
          : nothing
      }
    </section>`;
  }

  async #importEcb(submitted: SubmitEvent, lang: Lang): Promise<void> {
    submitted.preventDefault();
    const sent = await this.#ecb.send(
      lang,
      sessionApi(this.api),
      (file) => `/v1/exchange-rates/imports?${new URLSearchParams({ fileName: file.name })}`,
      (file) => (/\.zip$/i.test(file.name) ? 'application/zip' : uploadType(file)),
    );
    if (sent) await this.#rates.run();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lastplan-view-rates': LastplanViewRates;
  }
}
