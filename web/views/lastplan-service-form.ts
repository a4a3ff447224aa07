import { html } from 'lit';
import { patchJson } from '../api/client.ts';
import type { ServiceDetailDto, ServiceDto } from '../api/dto.ts';
import { type Lang, langOf, t } from '../i18n.ts';
import { DashboardForm } from './dashboard-form.ts';
import { sessionApi } from './dashboard-view.ts';

/**
 * `<lastplan-service-form>`: changes what a service is called and who answers for it (name, owner,
 * cost centre); its key stays. Fires `lastplan-service-saved` (detail: the service) on success.
 */
export class LastplanServiceForm extends DashboardForm {
  static override properties = { service: { attribute: false } };

  service: Pick<ServiceDetailDto, 'id' | 'name' | 'owner' | 'costCentre'> | undefined;

  override render() {
    const lang = langOf(this);
    const s = this.service;
    if (!s) return html``;
    return html`<form @submit=${(e: SubmitEvent) => this.#submit(e, lang)}>
      <label>${t(lang, 'name')} <input name="name" required maxlength="200" .value=${s.name} /></label>
      <label>${t(lang, 'owner')} <input name="owner" maxlength="200" .value=${s.owner} /></label>
      <label>${t(lang, 'costCentre')} <input name="costCentre" maxlength="100" .value=${s.costCentre} /></label>
      <button type="submit" ?disabled=${this.busy}>${t(lang, 'saveService')}</button>
      <p role="alert">${this.error}</p>
    </form>`;
  }

  async #submit(submitted: SubmitEvent, lang: Lang): Promise<void> {
    const text = this.fieldsOf(submitted);
    const service = this.service;
    if (!service) return;
    await this.send(lang, 'lastplan-service-saved', () =>
      patchJson<ServiceDto>(sessionApi(this.api), `/v1/services/${encodeURIComponent(service.id)}`, {
        name: text('name'),
        owner: text('owner'),
        costCentre: text('costCentre'),
      }),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lastplan-service-form': LastplanServiceForm;
  }
}
