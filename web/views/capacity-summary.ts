import { html, nothing } from 'lit';
import type { InstanceTypesDto, ServiceDetailDto, StoredCapacityDto } from '../api/dto.ts';
import { durationHours, headroomPercent } from '../format/capacity-input.ts';
import { formatters } from '../format/formatters.ts';
import { metricLabel, unitLabel } from '../format/metric-label.ts';
import { type Lang, type MessageKey, t } from '../i18n.ts';

type Offer = InstanceTypesDto['providers'][number]['types'][number];

/** The capacity model's key of a type, as `capacityPerType` and the select use it. */
export function typeKey(provider: string, name: string): string {
  return `${provider}/${name}`;
}

/** A `provider/name` key in its parts (a bare name has no provider). */
export function splitTypeKey(key: string): { provider: string; name: string } {
  const slash = key.indexOf('/');
  return slash < 0
    ? { provider: '', name: key }
    : { provider: key.slice(0, slash), name: key.slice(slash + 1) };
}

/** A type as one line: name, vCPU, memory and the hourly price the server computed. */
export function offerText(lang: Lang, locale: string, offer: Offer, currency: string): string {
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  // Display only: the server's exact decimal, rounded for reading, never summed here.
  const price = new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: 4,
    maximumFractionDigits: 4,
  }).format(Number(offer.hourly));
  return t(lang, 'capacityTypeOffer', {
    name: offer.name,
    vcpu: number.format(offer.vcpu),
    memory: number.format(offer.memoryGib),
    price,
  });
}

/** What the API takes for a field the request leaves out (CapacitySpecSchema's defaults). */
export const CAPACITY_DEFAULTS = {
  targetUtilisation: 0.7,
  minInstances: 1,
  maxInstances: 100,
  leadTime: 'PT1H',
  scaleDownDelay: 'PT2H',
  minStep: 'PT4H',
  quantile: 0.975,
} as const;

const KEPT = ['storage', 'egress', 'backup', 'current', 'ownHardware'] as const;

/**
 * The stored capacity model in words: the driver metric by its display name, the instance type
 * with vCPU, memory and hourly price from the catalogs, the capacity in the metric's unit, the
 * limits, headroom, times, quantile and providers, and what else is set.
 */
export function capacitySummary(
  stored: StoredCapacityDto,
  context: {
    lang: Lang;
    locale: string;
    timeZone: string;
    service: Pick<ServiceDetailDto, 'series'>;
    offers: InstanceTypesDto | undefined;
  },
) {
  const { lang, locale, offers } = context;
  const m = { ...CAPACITY_DEFAULTS, ...stored };
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 4 });
  const unit = unitLabel(lang, context.service.series.find((s) => s.metric === m.driverMetric)?.unit ?? '');
  const inUnit = (value: number) => (unit ? `${number.format(value)} ${unit}` : number.format(value));
  const providerName = (id: string) => offers?.providers.find((p) => p.provider === id)?.name ?? id;
  const typeLine = (provider: string, name: string) => {
    const catalog = offers?.providers.find((p) => p.provider === provider);
    const offer = catalog?.types.find((x) => x.name === name);
    if (!catalog || !offer) return t(lang, 'capacityTypeUnknown', { type: typeKey(provider, name) });
    return `${catalog.name}: ${offerText(lang, locale, offer, offers?.currency ?? 'EUR')}`;
  };
  const measured = Object.entries(m.capacityPerType ?? {});
  const kept = KEPT.filter((k) => m[k] !== undefined).map((k) => t(lang, `capacityPart_${k}` as MessageKey));
  const hours = (iso: string) => number.format(durationHours(iso) ?? Number.NaN);
  const headroom = headroomPercent(m.targetUtilisation);
  const row = (key: MessageKey, value: unknown) => html`<dt>${t(lang, key)}</dt><dd>${value}</dd>`;
  return html`<dl class="capacity">
      ${row(
        'capacityDriver',
        html`${metricLabel(lang, m.driverMetric)}${metricLabel(lang, m.driverMetric) === m.driverMetric ? nothing : html` (<code>${m.driverMetric}</code>)`}`,
      )}
      ${row(
        'capacityInstanceType',
        m.instanceType
          ? typeLine(m.instanceType.provider, m.instanceType.name)
          : m.providers
            ? t(lang, 'capacityTypeAutoAt', { providers: m.providers.map(providerName).join(', ') })
            : t(lang, 'capacityTypeAuto'),
      )}
      ${measured.map(([key, value]) =>
        row(
          'capacityPerInstance',
          measured.length > 1 || key !== typeKey(m.instanceType?.provider ?? '', m.instanceType?.name ?? '')
            ? `${inUnit(value)} (${key})`
            : inUnit(value),
        ),
      )}
      ${m.perVcpu !== undefined ? row('capacityPerVcpu', inUnit(m.perVcpu)) : nothing}
      ${m.perGibMemory !== undefined ? row('capacityPerGib', inUnit(m.perGibMemory)) : nothing}
      ${row('capacityInstances', t(lang, 'capacityInstancesRange', { min: m.minInstances, max: m.maxInstances }))}
      ${row(
        'capacityHeadroomLabel',
        t(lang, 'capacityHeadroomValue', {
          headroom: number.format(headroom),
          utilisation: number.format(100 - headroom),
        }),
      )}
      ${row(
        'capacityTimes',
        t(lang, 'capacityTimesValue', {
          lead: hours(m.leadTime),
          down: hours(m.scaleDownDelay),
          step: hours(m.minStep),
        }),
      )}
      ${row('capacityQuantileLabel', `${number.format(Math.round(m.quantile * 1e6) / 1e4)} %`)}
      ${row(
        'capacityProviders',
        m.providers ? m.providers.map(providerName).join(', ') : t(lang, 'capacityProvidersAll'),
      )}
      ${row('capacityUpdated', formatters(locale, context.timeZone).dateTime(Date.parse(m.updatedAt)))}
    </dl>
    ${kept.length ? html`<p class="hint">${t(lang, 'capacityKept', { parts: kept.join(', ') })}</p>` : nothing}`;
}
