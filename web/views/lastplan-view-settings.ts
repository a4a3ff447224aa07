import { html, nothing } from 'lit';
import type { TenantDto } from '../api/dto.ts';
import { langOf, t } from '../i18n.ts';
import { DashboardView } from './dashboard-view.ts';
import { backLink } from './view-parts.ts';

/** `<lastplan-view-settings>` at `/settings`: the tenant, its time zone and the language. */
export class LastplanViewSettings extends DashboardView {
  static override properties = { tenant: { attribute: false } };

  tenant: Pick<TenantDto, 'name' | 'federalState' | 'timeZone'> | undefined;

  override render() {
    const lang = langOf(this);
    const tenant = this.tenant;
    return html`${backLink(lang)}<section class="card" aria-labelledby="settings-title">
      <h2 id="settings-title" tabindex="-1">${t(lang, 'settings')}</h2>
      <dl>
        <dt>${t(lang, 'tenant')}</dt><dd>${tenant?.name ?? '–'}</dd>
        <dt>${t(lang, 'federalState')}</dt><dd>${tenant?.federalState ?? '–'}</dd>
        <dt>${t(lang, 'timeZoneLabel')}</dt><dd>${tenant?.timeZone ?? '–'}</dd>
        <dt>${t(lang, 'language')}</dt><dd>${t(lang, 'languageName')}</dd>
      </dl>
      <ul class="links">
        <li><a href="/exchange-rates">${t(lang, 'settingsRatesLink')}</a></li>
        ${this.can('finance') ? html`<li><a href="/imports">${t(lang, 'settingsImportsLink')}</a></li>` : nothing}
      </ul>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lastplan-view-settings': LastplanViewSettings;
  }
}
