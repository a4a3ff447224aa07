import { html } from 'lit';
import { langOf, t } from '../i18n.ts';
import { DashboardView } from './dashboard-view.ts';
import { backLink } from './view-parts.ts';

/** `<lastplan-view-grant grant="…">` at `/grants/{id}`: the grant element with the way back. */
export class LastplanViewGrant extends DashboardView {
  static override properties = { grant: { type: String } };

  grant = '';

  override render() {
    const lang = langOf(this);
    return html`${backLink(lang)}
      <section class="card"><h2 class="visually-hidden" tabindex="-1">${t(lang, 'grants')}</h2><lastplan-grant .api=${this.api} .session=${true} .grant=${this.grant} lang=${lang}></lastplan-grant></section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lastplan-view-grant': LastplanViewGrant;
  }
}
