import { initialState } from '@lit/task';
import { css, html, nothing } from 'lit';
import { getJson } from '../api/client.ts';
import type { AuditEventDto, Page } from '../api/dto.ts';
import { renderState, taskState, viewTask } from '../elements/view-state.ts';
import { formatters } from '../format/formatters.ts';
import { type Lang, langOf, localeOf, type MessageKey, t } from '../i18n.ts';
import { DashboardView, sessionApi } from './dashboard-view.ts';
import { backLink } from './view-parts.ts';

/** The filters of `GET /v1/audit` the view offers (dates as yyyy-mm-dd, whole days in UTC). */
interface AuditFilter {
  readonly actor: string;
  readonly action: string;
  readonly resource: string;
  readonly from: string;
  readonly to: string;
}

const DAY = 86_400_000;

/** The query of `GET /v1/audit` for a filter (`to` includes its whole day). */
export function auditQuery(filter: AuditFilter, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams();
  if (filter.actor.trim()) query.set('actor', filter.actor.trim());
  if (filter.action.trim()) query.set('action', filter.action.trim());
  if (filter.resource.trim()) query.set('resource', filter.resource.trim());
  if (filter.from) query.set('from', new Date(`${filter.from}T00:00:00Z`).toISOString());
  if (filter.to) query.set('to', new Date(Date.parse(`${filter.to}T00:00:00Z`) + DAY).toISOString());
  for (const [key, value] of Object.entries(extra)) if (value) query.set(key, value);
  return query.toString();
}

/**
 * `<lastplan-view-audit>` at `/audit` (admins): the audit trail, newest first, filtered by who,
 * action, resource and days, a page at a time, with the same selection as a CSV download.
 */
export class LastplanViewAudit extends DashboardView {
  static override properties = { filter: { state: true }, cursors: { state: true } };

  static override styles = [
    ...DashboardView.styles,
    css`
      form label { display: flex; flex-direction: column; gap: 0.2rem; font-size: 0.9em; }
      form input { width: min(14rem, 100%); }
      form { align-items: end; margin-bottom: 0.8rem; }
      td.detail { overflow-wrap: anywhere; font-size: 0.9em; }
      .pager { display: flex; gap: 0.5rem; flex-wrap: wrap; margin-top: 0.6rem; }
    `,
  ];

  filter: AuditFilter = { actor: '', action: '', resource: '', from: '', to: '' };
  /** The cursors of the pages shown so far (the first page has none). */
  cursors: readonly string[] = [''];

  readonly #page = viewTask(this, {
    args: () =>
      [
        this.api,
        auditQuery(this.filter),
        this.cursors.at(-1) ?? '',
        this.can('admin'),
        langOf(this),
      ] as const,
    load: async ([api, query, cursor, admin], signal) => {
      if (!admin) return initialState;
      const path = `/v1/audit?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      return getJson<Page<AuditEventDto>>(sessionApi(api), path, signal);
    },
    empty: (page, lang) => (page.items.length ? undefined : t(lang, 'noAudit')),
  });

  override render() {
    const lang = langOf(this);
    if (!this.can('admin')) {
      return html`${backLink(lang)}<section class="card"><h2 tabindex="-1">${t(lang, 'audit')}</h2><p>${t(lang, 'adminOnly')}</p></section>`;
    }
    const csv = `${this.api}/v1/audit?${auditQuery(this.filter, { format: 'csv', locale: lang })}`;
    return html`${backLink(lang)}<section class="card" aria-labelledby="audit-title">
      <h2 id="audit-title" tabindex="-1">${t(lang, 'auditTitle')}</h2>
      <p>${t(lang, 'auditIntro')}</p>
      <form @submit=${(e: SubmitEvent) => this.#apply(e)}>
        ${this.#field(lang, 'actor', 'auditActor', 'text')}
        ${this.#field(lang, 'action', 'auditAction', 'text')}
        ${this.#field(lang, 'resource', 'auditResource', 'text')}
        ${this.#field(lang, 'from', 'auditFrom', 'date')}
        ${this.#field(lang, 'to', 'auditTo', 'date')}
        <button type="submit">${t(lang, 'auditFilter')}</button>
      </form>
      <p><a href=${csv} download="lastplan-audit.csv">${t(lang, 'auditCsv')}</a></p>
      ${renderState(taskState(this.#page, lang, true), lang, (page) => this.#table(page, lang))}
    </section>`;
  }

  #field(lang: Lang, name: keyof AuditFilter, label: MessageKey, type: 'text' | 'date') {
    return html`<label>${t(lang, label)}<input name=${name} type=${type} .value=${this.filter[name]} /></label>`;
  }

  #apply(event: SubmitEvent): void {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const value = (name: keyof AuditFilter) => String(data.get(name) ?? '');
    this.filter = {
      actor: value('actor'),
      action: value('action'),
      resource: value('resource'),
      from: value('from'),
      to: value('to'),
    };
    this.cursors = [''];
  }

  #table(page: Page<AuditEventDto>, lang: Lang) {
    const fmt = formatters(localeOf(this), this.timeZone);
    // Actions, resources and details are the server's identifiers and values, marked as such.
    const detail = (d: AuditEventDto['detail']) =>
      Object.entries(d)
        .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join('; ');
    return html`<table tabindex="0">
        <caption class="visually-hidden">${t(lang, 'auditTitle')}</caption>
        <thead><tr><th scope="col">${t(lang, 'auditAt')}</th><th scope="col">${t(lang, 'auditActor')}</th><th scope="col">${t(lang, 'auditAction')}</th><th scope="col">${t(lang, 'auditResource')}</th><th scope="col">${t(lang, 'auditDetail')}</th><th scope="col">${t(lang, 'auditRequest')}</th></tr></thead>
        <tbody>${page.items.map(
          (e) => html`<tr>
            <td>${fmt.dateTime(Date.parse(e.at))}</td>
            <td>${e.actor.name} (${t(lang, `actorKind_${e.actor.kind}`)})</td>
            <td lang="en"><code>${e.action}</code></td>
            <td lang="en"><code>${e.resourceType}${e.resourceId ? `:${e.resourceId}` : ''}</code></td>
            <td class="detail" lang="en">${detail(e.detail)}</td>
            <td><code>${e.requestId}</code></td>
          </tr>`,
        )}</tbody>
      </table>
      <div class="pager">
        ${this.cursors.length > 1 ? html`<button @click=${() => (this.cursors = this.cursors.slice(0, -1))}>${t(lang, 'auditPrevious')}</button>` : nothing}
        ${page.nextCursor ? html`<button @click=${() => (this.cursors = [...this.cursors, page.nextCursor ?? ''])}>${t(lang, 'auditNext')}</button>` : nothing}
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lastplan-view-audit': LastplanViewAudit;
  }
}
