import { html, type TemplateResult } from 'lit';
import type { TenantDto } from '../api/dto.ts';
import type { Lang } from '../i18n.ts';
import type { DashboardRoute } from '../routing/dashboard-route.ts';

/** What the shell hands every view. */
export interface ViewContext {
  readonly api: string;
  readonly lang: Lang;
  readonly tenant: Pick<TenantDto, 'name' | 'federalState' | 'timeZone' | 'currency'> | undefined;
  readonly roles: readonly string[];
}

/**
 * The view element of a route: one element per view (web/views/lastplan-view-*.ts), given the
 * route's ids and the shell's context. A new view: a route in routing/dashboard-route.ts, an
 * element here, its tag in web/index.ts.
 */
export function routeView(route: DashboardRoute, c: ViewContext): TemplateResult {
  const zone = c.tenant?.timeZone ?? 'Europe/Berlin';
  switch (route.view) {
    case 'overview':
      return html`<lastplan-view-overview .api=${c.api} .timeZone=${zone} .roles=${c.roles} lang=${c.lang}></lastplan-view-overview>`;
    case 'service':
    case 'series':
      return html`<lastplan-view-service .api=${c.api} .timeZone=${zone} .roles=${c.roles} .service=${route.id} .series=${route.view === 'series' ? route.seriesId : ''} lang=${c.lang}></lastplan-view-service>`;
    case 'plan':
      return html`<lastplan-view-plan .api=${c.api} .timeZone=${zone} .roles=${c.roles} .plan=${route.id} lang=${c.lang}></lastplan-view-plan>`;
    case 'grant':
      return html`<lastplan-view-grant .api=${c.api} .timeZone=${zone} .roles=${c.roles} .grant=${route.id} lang=${c.lang}></lastplan-view-grant>`;
    case 'budget':
      return html`<lastplan-view-budget .api=${c.api} .timeZone=${zone} .roles=${c.roles} .budget=${route.id} lang=${c.lang}></lastplan-view-budget>`;
    case 'events':
      return html`<lastplan-view-events .api=${c.api} .timeZone=${zone} .roles=${c.roles} lang=${c.lang}></lastplan-view-events>`;
    case 'event':
      return html`<lastplan-view-event .api=${c.api} .timeZone=${zone} .roles=${c.roles} .event=${route.id} lang=${c.lang}></lastplan-view-event>`;
    case 'settings':
      return html`<lastplan-view-settings .api=${c.api} .timeZone=${zone} .roles=${c.roles} .tenant=${c.tenant} lang=${c.lang}></lastplan-view-settings>`;
    case 'audit':
      return html`<lastplan-view-audit .api=${c.api} .timeZone=${zone} .roles=${c.roles} lang=${c.lang}></lastplan-view-audit>`;
    case 'imports':
      return html`<lastplan-view-imports .api=${c.api} .timeZone=${zone} .roles=${c.roles} .currency=${c.tenant?.currency ?? 'EUR'} lang=${c.lang}></lastplan-view-imports>`;
    case 'rates':
      return html`<lastplan-view-rates .api=${c.api} .timeZone=${zone} .roles=${c.roles} lang=${c.lang}></lastplan-view-rates>`;
  }
}
