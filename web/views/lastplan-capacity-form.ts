import { css, html, nothing } from 'lit';
import { putJson } from '../api/client.ts';
import type { CapacitySpecDto, InstanceTypesDto, ServiceDetailDto, StoredCapacityDto } from '../api/dto.ts';
import {
  decimalInput,
  durationHours,
  headroomPercent,
  hoursDuration,
  utilisationOf,
  wholeInput,
} from '../format/capacity-input.ts';
import { metricLabel } from '../format/metric-label.ts';
import { type Lang, langOf, localeOf, type MessageKey, t } from '../i18n.ts';
import { offerText, splitTypeKey, typeKey } from './capacity-summary.ts';
import { DashboardForm } from './dashboard-form.ts';
import { sessionApi } from './dashboard-view.ts';

type Basis = 'instance' | 'vcpu';

/** Above this many instance types the select gets a search field. */
const SEARCH_FROM = 12;

/**
 * `<lastplan-capacity-form>`: creates or replaces a service's capacity model — the driver metric
 * (one of the service's series), the instance type from the current catalogs (or none: the plan
 * picks the cheapest that fits), the capacity per instance or per vCPU (decimal comma accepted),
 * the instance limits, the headroom, and under "more" the lead time, scale-down delay, shortest
 * step, planning quantile and the providers compared. What the form does not show (storage,
 * egress, backup, current size, own hardware) is sent back as stored, since PUT replaces the
 * whole model. Fires `lastplan-capacity-saved` (detail: the stored model) on success.
 */
export class LastplanCapacityForm extends DashboardForm {
  static override properties = {
    service: { attribute: false },
    model: { attribute: false },
    offers: { attribute: false },
    basis: { state: true },
    typeQuery: { state: true },
    chosenType: { state: true },
  };

  static override styles = [
    ...DashboardForm.styles,
    css`
      .capacity-form fieldset { border: 1px solid var(--_border); border-radius: 4px; margin: 0; padding: 0.4rem 0.6rem; min-width: 0; width: 100%; box-sizing: border-box; }
      .capacity-form label { display: flex; flex-direction: column; gap: 0.15rem; width: min(22rem, 100%); }
      .capacity-form label.choice { flex-direction: row; align-items: flex-start; gap: 0.4rem; width: auto; }
      .capacity-form label.choice input { width: auto; margin-top: 0.2rem; }
      .capacity-form details.more { width: 100%; }
      .capacity-form .more-fields { display: flex; flex-wrap: wrap; gap: 0.5rem; margin-top: 0.5rem; }
      .capacity-form .hint { width: 100%; margin: 0; font-size: 0.9rem; }
      .capacity-form .buttons { width: 100%; display: flex; flex-wrap: wrap; gap: 0.5rem; }
      .capacity-form [role='alert'] { width: 100%; }
      .capacity-form [role='alert'] ul { margin: 0; padding-left: 1.2rem; color: var(--_error); }
      .capacity-form label.wide { width: min(36rem, 100%); }
      .capacity-form label.wide select { width: 100%; }
      .capacity-form select { max-width: 100%; }
      .capacity-form [aria-invalid='true'] { border: 2px solid var(--_error); }
    `,
  ];

  service: Pick<ServiceDetailDto, 'id' | 'series'> | undefined;
  /** The stored model; undefined creates one. */
  model: StoredCapacityDto | undefined;
  offers: InstanceTypesDto | undefined;
  basis: Basis | undefined;
  typeQuery = '';
  /** The type chosen in the select ('' for none), once the person changed it. */
  chosenType: string | undefined;

  #basis(): Basis {
    if (this.basis) return this.basis;
    const m = this.model;
    return m && !m.capacityPerType && (m.perVcpu !== undefined || m.perGibMemory !== undefined)
      ? 'vcpu'
      : 'instance';
  }

  #type(): string {
    if (this.chosenType !== undefined) return this.chosenType;
    const m = this.model;
    if (m?.instanceType) return typeKey(m.instanceType.provider, m.instanceType.name);
    const measured = Object.keys(m?.capacityPerType ?? {})[0];
    return measured?.includes('/') ? measured : '';
  }

  #capacityText(basis: Basis, type: string): string {
    const m = this.model;
    const value =
      basis === 'vcpu'
        ? m?.perVcpu
        : (m?.capacityPerType?.[type] ?? m?.capacityPerType?.[splitTypeKey(type).name]);
    return value === undefined ? '' : this.#number(value);
  }

  #number(value: number): string {
    return new Intl.NumberFormat(localeOf(this), { maximumFractionDigits: 6, useGrouping: false }).format(
      value,
    );
  }

  override render() {
    const lang = langOf(this);
    const s = this.service;
    if (!s) return html``;
    const m = this.model;
    const basis = this.#basis();
    const type = this.#type();
    const metrics = [...new Set(s.series.map((x) => x.metric))];
    if (m && !metrics.includes(m.driverMetric)) metrics.unshift(m.driverMetric);
    const driver = m?.driverMetric ?? metrics.find((x) => /request/.test(x)) ?? metrics[0] ?? '';
    const hours = (iso: string | undefined, fallback: number) =>
      this.#number((iso === undefined ? undefined : durationHours(iso)) ?? fallback);
    const providers = this.offers?.providers ?? [];
    const chosen = new Set(m?.providers ?? providers.map((p) => p.provider));
    return html`<form class="capacity-form" novalidate @submit=${(e: SubmitEvent) => this.#submit(e, lang)}>
      <label class="wide">${t(lang, 'capacityDriver')}
        <select name="driverMetric">${metrics.map(
          (x) =>
            html`<option value=${x} ?selected=${x === driver}>${metricLabel(lang, x)}${metricLabel(lang, x) === x ? '' : ` (${x})`}</option>`,
        )}</select></label>
      <fieldset>
        <legend>${t(lang, 'capacityBasis')}</legend>
        ${(['instance', 'vcpu'] as const).map(
          (
            b,
          ) => html`<label class="choice"><input type="radio" name="basis" value=${b} .checked=${basis === b}
            @change=${() => {
              this.basis = b;
            }} /> ${t(lang, b === 'instance' ? 'capacityBasisInstance' : 'capacityBasisVcpu')}</label>`,
        )}
      </fieldset>
      ${this.#typePicker(lang, basis, type)}
      <label>${t(lang, basis === 'vcpu' ? 'capacityPerVcpu' : 'capacityPerInstance')}
        <input name="capacity" inputmode="decimal" autocomplete="off" placeholder="12,5" .value=${this.#capacityText(basis, type)} /></label>
      <label>${t(lang, 'capacityMin')} <input name="minInstances" inputmode="numeric" .value=${String(m?.minInstances ?? 1)} /></label>
      <label>${t(lang, 'capacityMax')} <input name="maxInstances" inputmode="numeric" .value=${String(m?.maxInstances ?? 20)} /></label>
      <label>${t(lang, 'capacityHeadroom')} <input name="headroom" inputmode="decimal" .value=${this.#number(headroomPercent(m?.targetUtilisation ?? 0.7))} /></label>
      <details class="more">
        <summary>${t(lang, 'capacityMore')}</summary>
        <div class="more-fields">
        <label>${t(lang, 'capacityLeadTime')} <input name="leadTime" inputmode="decimal" .value=${hours(m?.leadTime, 1)} /></label>
        <label>${t(lang, 'capacityScaleDown')} <input name="scaleDownDelay" inputmode="decimal" .value=${hours(m?.scaleDownDelay, 2)} /></label>
        <label>${t(lang, 'capacityMinStep')} <input name="minStep" inputmode="decimal" .value=${hours(m?.minStep, 4)} /></label>
        <label>${t(lang, 'capacityQuantile')} <input name="quantile" inputmode="decimal" .value=${this.#number(Math.round((m?.quantile ?? 0.975) * 1e6) / 1e4)} /></label>
        ${
          providers.length
            ? html`<fieldset>
              <legend>${t(lang, 'capacityProviders')}</legend>
              ${providers.map(
                (p) =>
                  html`<label class="choice"><input type="checkbox" name="providers" value=${p.provider} .checked=${chosen.has(p.provider)} /> ${p.name}</label>`,
              )}
            </fieldset>`
            : nothing
        }
        </div>
      </details>
      <div class="buttons">
        <button type="submit" ?disabled=${this.busy}>${t(lang, 'capacitySave')}</button>
        <button type="button" @click=${() => this.dispatchEvent(new CustomEvent('lastplan-capacity-cancel', { bubbles: true, composed: true }))}>${t(lang, 'capacityCancel')}</button>
      </div>
      <div role="alert">${this.error}</div>
    </form>`;
  }

  /** The instance types grouped by provider and region, with a search once the list is long. */
  #typePicker(lang: Lang, basis: Basis, type: string) {
    const offers = this.offers;
    const locale = localeOf(this);
    const total = offers?.providers.reduce((n, p) => n + p.types.length, 0) ?? 0;
    const words = this.typeQuery.toLowerCase().split(/\s+/).filter(Boolean);
    const matches = (text: string) => words.every((w) => text.toLowerCase().includes(w));
    const groups = (offers?.providers ?? [])
      .map((p) => ({
        p,
        types: p.types.filter(
          (x) =>
            typeKey(p.provider, x.name) === type ||
            matches(`${p.provider} ${p.name} ${p.region} ${x.name} ${x.vcpu} vcpu ${x.memoryGib} gib`),
        ),
      }))
      .filter((g) => g.types.length > 0);
    const shown = groups.reduce((n, g) => n + g.types.length, 0);
    const chosen = offers?.providers
      .map((p) => ({ p, offer: p.types.find((x) => typeKey(p.provider, x.name) === type) }))
      .find((c) => c.offer);
    const known = chosen !== undefined;
    return html`${
      total > SEARCH_FROM
        ? html`<label>${t(lang, 'capacityTypeSearch')}
            <input type="search" .value=${this.typeQuery} @input=${(e: InputEvent) => {
              this.typeQuery = (e.target as HTMLInputElement).value;
            }} /></label>
          <p class="hint" role="status">${t(lang, 'capacityTypesFound', { n: shown, total })}</p>`
        : nothing
    }
      <label class="wide">${t(lang, 'capacityInstanceType')}
        <select name="instanceType" @change=${(e: Event) => {
          this.chosenType = (e.target as HTMLSelectElement).value;
        }}>
          <option value="" ?selected=${type === ''}>${t(lang, basis === 'vcpu' ? 'capacityTypeAuto' : 'capacityTypeChoose')}</option>
          ${type && !known ? html`<option value=${type} selected>${t(lang, 'capacityTypeUnknown', { type })}</option>` : nothing}
          ${groups.map(
            (g) =>
              html`<optgroup label=${`${g.p.name} – ${g.p.region}`}>${g.types.map(
                (x) =>
                  html`<option value=${typeKey(g.p.provider, x.name)} ?selected=${typeKey(g.p.provider, x.name) === type}>${offerText(lang, locale, x, offers?.currency ?? 'EUR')}</option>`,
              )}</optgroup>`,
          )}
        </select></label>
      ${
        chosen?.offer
          ? html`<p class="hint chosen">${chosen.p.name}: ${offerText(lang, locale, chosen.offer, offers?.currency ?? 'EUR')}</p>`
          : nothing
      }
      ${
        offers
          ? html`<p class="hint">${t(lang, 'capacityPrices', {
              vat: t(lang, offers.vatMode === 'net' ? 'capacityVatNet' : 'capacityVatGross'),
              day: new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
                Date.parse(offers.on),
              ),
            })}</p>`
          : nothing
      }`;
  }

  /**
   * Marks the wrong fields (`aria-invalid`), opens "more settings" when one of them is there, and
   * moves the focus to the first, so a person using a screen reader lands where the fix is.
   */
  #markInvalid(form: HTMLFormElement, invalid: readonly string[]): void {
    let first: HTMLElement | undefined;
    for (const element of form.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select')) {
      const wrong = invalid.includes(element.name);
      if (wrong) element.setAttribute('aria-invalid', 'true');
      else element.removeAttribute('aria-invalid');
      if (wrong && !first) first = element;
    }
    const more = form.querySelector('details.more') as HTMLDetailsElement | null;
    if (more && first && more.contains(first)) more.open = true;
    first?.focus();
  }

  async #submit(submitted: SubmitEvent, lang: Lang): Promise<void> {
    const text = this.fieldsOf(submitted);
    const form = new FormData(submitted.target as HTMLFormElement);
    const problems: string[] = [];
    const invalid: string[] = [];
    const refuse = (field: string, key: MessageKey, vars: Record<string, string | number> = {}) => {
      problems.push(t(lang, key, vars));
      invalid.push(field);
    };
    const basis = text('basis') === 'vcpu' ? 'vcpu' : 'instance';
    const driverMetric = text('driverMetric');
    if (!driverMetric) refuse('driverMetric', 'capacityDriverRequired');
    const type = text('instanceType');
    if (basis === 'instance' && !type) refuse('instanceType', 'capacityTypeRequired');
    const capacity = decimalInput(text('capacity'));
    if (capacity === undefined || capacity <= 0) {
      refuse('capacity', 'capacityInvalidNumber', {
        field: t(lang, basis === 'vcpu' ? 'capacityPerVcpu' : 'capacityPerInstance'),
      });
    }
    const min = wholeInput(text('minInstances'));
    if (min === undefined) refuse('minInstances', 'capacityInvalidWhole', { field: t(lang, 'capacityMin') });
    const max = wholeInput(text('maxInstances'));
    if (max === undefined) refuse('maxInstances', 'capacityInvalidWhole', { field: t(lang, 'capacityMax') });
    else if (max < Math.max(1, min ?? 0)) refuse('maxInstances', 'capacityMaxTooSmall', { min: min ?? 0 });
    else if (max > 1_000_000) refuse('maxInstances', 'capacityMaxTooLarge');
    const headroom = decimalInput(text('headroom'));
    if (headroom === undefined || headroom >= 100) refuse('headroom', 'capacityHeadroomInvalid');
    const durations = (['leadTime', 'scaleDownDelay', 'minStep'] as const).map((name) => {
      const hours = decimalInput(text(name));
      const label = {
        leadTime: 'capacityLeadTime',
        scaleDownDelay: 'capacityScaleDown',
        minStep: 'capacityMinStep',
      }[name] as MessageKey;
      if (hours === undefined) refuse(name, 'capacityInvalidHours', { field: t(lang, label) });
      return [name, hoursDuration(hours ?? 0)] as const;
    });
    const quantile = decimalInput(text('quantile'));
    if (quantile === undefined || quantile <= 50 || quantile >= 100)
      refuse('quantile', 'capacityQuantileInvalid');
    const offered = this.offers?.providers.map((p) => p.provider) ?? [];
    const compared = form.getAll('providers').map(String);
    if (offered.length > 0 && compared.length === 0) refuse('providers', 'capacityProvidersNone');
    const { provider, name } = splitTypeKey(type);
    if (type && offered.length > 0 && compared.length > 0 && !compared.includes(provider)) {
      const label = this.offers?.providers.find((p) => p.provider === provider)?.name ?? provider;
      refuse('providers', 'capacityProviderOfType', { provider: label });
    }
    this.#markInvalid(submitted.target as HTMLFormElement, invalid);
    if (problems.length > 0) {
      this.error = html`<ul>${problems.map((p) => html`<li>${p}</li>`)}</ul>`;
      return;
    }
    const service = this.service;
    if (!service) return;
    const { serviceId: _id, updatedAt: _at, ...kept } = this.model ?? ({} as Partial<StoredCapacityDto>);
    const body: Record<string, unknown> = {
      ...kept,
      driverMetric,
      targetUtilisation: utilisationOf(headroom ?? 0),
      minInstances: min,
      maxInstances: max,
      ...Object.fromEntries(durations),
      quantile: Math.round((quantile ?? 0) * 1e4) / 1e6,
    };
    // Every provider ticked means "all with a catalog", which includes catalogs imported later.
    if (compared.length === 0 || compared.length === offered.length) delete body.providers;
    else body.providers = compared;
    if (type) body.instanceType = { provider, name };
    else delete body.instanceType;
    if (basis === 'instance') {
      body.capacityPerType = { ...(kept.capacityPerType ?? {}), [type]: capacity };
      delete body.perVcpu;
      delete body.perGibMemory;
    } else {
      body.perVcpu = capacity;
      delete body.capacityPerType;
    }
    await this.send(lang, 'lastplan-capacity-saved', () =>
      putJson<StoredCapacityDto>(
        sessionApi(this.api),
        `/v1/services/${encodeURIComponent(service.id)}/capacity`,
        body as CapacitySpecDto,
      ),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'lastplan-capacity-form': LastplanCapacityForm;
  }
}
