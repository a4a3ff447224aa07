import { initialState } from '@lit/task';
import { css, html, nothing } from 'lit';
import { asApiError, getJson } from '../api/client.ts';
import type { InstanceTypesDto, ServiceDetailDto, StoredCapacityDto } from '../api/dto.ts';
import { renderState, taskState, viewTask } from '../elements/view-state.ts';
import { type Lang, langOf, localeOf, t } from '../i18n.ts';
import { capacitySummary } from './capacity-summary.ts';
import { DashboardView, sessionApi } from './dashboard-view.ts';

/**
 * `<lastplan-capacity>`: the capacity model of a service, in words, or the notice that it has
 * none (so no plan can be computed); planners and admins create or change it in
 * `<lastplan-capacity-form>`, everyone else reads it. Fires `lastplan-capacity-saved` (bubbling
 * from the form) when a model was stored.
 */
export class LastplanCapacity extends DashboardView {
  static override properties = {
    service: { attribute: false },
    editing: { state: true },
    saved: { state: true },
  };

  static override styles = [
    ...DashboardView.styles,
    css`
      .hint { margin: 0 0 0.6rem; font-size: 0.9rem; }
      .missing { font-weight: 600; }
      dl.capacity dd { overflow-wrap: anywhere; }
    `,
  ];

  service: Pick<ServiceDetailDto, 'id' | 'series'> | undefined;
  editing = false;
  saved = false;

  /** The stored model; `null` when the service has none yet (404), which is no error here. */
  readonly #model = viewTask(this, {
    args: () => [this.api, this.service?.id, langOf(this)] as const,
    load: async ([api, id], signal) => {
      if (!id) return initialState;
      try {
        return await getJson<StoredCapacityDto>(
          sessionApi(api),
          `/v1/services/${encodeURIComponent(id)}/capacity`,
          signal,
        );
      } catch (error) {
        if (asApiError(error).status === 404) return null;
        throw error;
      }
    },
  });

  /** The catalogs' instance types with their hourly prices, for the summary and the form. */
  readonly #offers = viewTask(this, {
    args: () => [this.api, langOf(this)] as const,
    load: ([api], signal) => getJson<InstanceTypesDto>(sessionApi(api), '/v1/instance-types', signal),
  });

  /** Opens the form (creating or changing the model) and moves the focus into it. */
  async openForm(): Promise<void> {
    this.editing = true;
    this.saved = false;
    await this.updateComplete;
    const form = this.renderRoot.querySelector('lastplan-capacity-form');
    await form?.updateComplete;
    form?.renderRoot.querySelector<HTMLElement>('select, input')?.focus();
  }

  override render() {
    const lang = langOf(this);
    return html`<h2 id="capacity-title" tabindex="-1">${t(lang, 'capacityTitle')}</h2>
      ${renderState(taskState(this.#model, lang, true), lang, (m) => this.#body(m, lang))}`;
  }

  #body(model: StoredCapacityDto | null, lang: Lang) {
    const offersState = taskState(this.#offers, lang);
    const offers = offersState.kind === 'data' ? offersState.data : undefined;
    const planner = this.can('planner');
    const service = this.service;
    if (!service) return html``;
    const summary = model
      ? capacitySummary(model, { lang, locale: localeOf(this), timeZone: this.timeZone, service, offers })
      : html`<p class="missing" role="status">${t(lang, 'capacityMissing')}</p>
          <p>${t(lang, 'capacityMissingHint')}${planner ? nothing : html` ${t(lang, 'capacityMissingViewer')}`}</p>`;
    return html`${summary}
      ${offersState.kind === 'error' ? html`<p class="hint">${t(lang, 'capacityCatalogFailed')}</p>` : nothing}
      ${this.saved ? html`<p role="status">${t(lang, 'capacitySaved')}</p>` : nothing}
      ${
        !planner
          ? nothing
          : this.editing
            ? html`<lastplan-capacity-form .api=${this.api} .roles=${this.roles} .service=${service}
                .model=${model ?? undefined} .offers=${offers} lang=${lang}
                @lastplan-capacity-saved=${() => {
                  this.editing = false;
                  this.saved = true;
                  void this.#model.run();
                }}
                @lastplan-capacity-cancel=${() => {
                  this.editing = false;
                }}></lastplan-capacity-form>`
            : html`<p><button @click=${() => void this.openForm()}>${t(lang, model ? 'capacityEdit' : 'capacityCreate')}</button></p>`
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lastplan-capacity': LastplanCapacity;
  }
}
