import { html } from 'lit';
import { langOf, t } from '../i18n.ts';
import { DashboardView } from './dashboard-view.ts';
import { backLink } from './view-parts.ts';

/** `<lastplan-view-budget budget="…">` at `/budgets/{id}`: the budget element with the way back. */
export class LastplanViewBudget extends DashboardView {
  static override properties = { budget: { type: String } };

  budget = '';

  override render() {
    const lang = langOf(this);
    return html`${backLink(lang)}
      <section class="card"><h2 class="visually-hidden" tabindex="-1">${t(lang, 'budgets')}</h2><lastplan-budget .api=${this.api} .session=${true} .budget=${this.budget} lang=${lang}></lastplan-budget></section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lastplan-view-budget': LastplanViewBudget;
  }
}
