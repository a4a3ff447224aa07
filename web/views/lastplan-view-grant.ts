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
    // The signed-in session's cookie authenticates these plain links, so they open in a tab of
    // their own (the A4 page prints from there) or download, like any file.
    const proof = `${this.api}/v1/grants/${encodeURIComponent(this.grant)}/proof-of-use`;
    return html`${backLink(lang)}
      <section class="card"><h2 class="visually-hidden" tabindex="-1">${t(lang, 'grants')}</h2><lastplan-grant .api=${this.api} .session=${true} .grant=${this.grant} lang=${lang}></lastplan-grant></section>
      <section class="card">
        <h3>${t(lang, 'proofOfUse')}</h3>
        <p>${t(lang, 'proofOfUseHint')}</p>
        <p class="actions">
          <a href="${proof}?format=html" target="_blank" rel="noopener">${t(lang, 'proofOfUseOpen')}</a>
          <a href="${proof}?format=csv" download>${t(lang, 'proofOfUseCsv')}</a>
        </p>
      </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lastplan-view-grant': LastplanViewGrant;
  }
}
