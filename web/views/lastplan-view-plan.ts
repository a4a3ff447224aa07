import { initialState, Task } from '@lit/task';
import { html } from 'lit';
import { getJson } from '../api/client.ts';
import type { PlanSummaryDto } from '../api/dto.ts';
import { langOf, t } from '../i18n.ts';
import { DashboardView, sessionApi } from './dashboard-view.ts';
import { backLink } from './view-parts.ts';

/**
 * `<lastplan-view-plan plan="…">` at `/plans/{id}`: a scaling plan (approvable by a planner) and
 * what it costs against the alternatives, with the way back to its service.
 */
export class LastplanViewPlan extends DashboardView {
  static override properties = { plan: { type: String } };

  plan = '';

  /** The plan's service, for the way back (the plan element shows any problem itself). */
  readonly #summary = new Task(this, {
    args: () => [this.api, this.plan] as const,
    task: async ([api, id], { signal }) => {
      if (!id) return initialState;
      const path = `/v1/plans/${encodeURIComponent(id)}`;
      return (await getJson<PlanSummaryDto>(sessionApi(api), path, signal)).serviceId;
    },
  });

  override render() {
    const lang = langOf(this);
    const serviceId = this.#summary.value;
    return html`${serviceId ? backLink(lang, { view: 'service', id: serviceId }) : backLink(lang)}
      <section class="card"><h2 class="visually-hidden" tabindex="-1">${t(lang, 'plans')}</h2><lastplan-scale-plan .api=${this.api} .session=${true} .plan=${this.plan} .timeZone=${this.timeZone} ?approvable=${this.can('planner')} lang=${lang}></lastplan-scale-plan></section>
      <section class="card"><lastplan-cost-compare .api=${this.api} .session=${true} .plan=${this.plan} lang=${lang}></lastplan-cost-compare></section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lastplan-view-plan': LastplanViewPlan;
  }
}
