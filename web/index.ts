import { LastplanBudget } from './elements/lastplan-budget.ts';
import { LastplanCostCompare } from './elements/lastplan-cost-compare.ts';
import { LastplanForecast } from './elements/lastplan-forecast.ts';
import { LastplanGrant } from './elements/lastplan-grant.ts';
import { LastplanOverview } from './elements/lastplan-overview.ts';
import { LastplanScalePlan } from './elements/lastplan-scale-plan.ts';
import { LastplanServices } from './elements/lastplan-services.ts';
import { LastplanCapacity } from './views/lastplan-capacity.ts';
import { LastplanCapacityForm } from './views/lastplan-capacity-form.ts';
import { LastplanDashboard } from './views/lastplan-dashboard.ts';
import { LastplanEventForm } from './views/lastplan-event-form.ts';
import { LastplanServiceForm } from './views/lastplan-service-form.ts';
import { LastplanViewAudit } from './views/lastplan-view-audit.ts';
import { LastplanViewBudget } from './views/lastplan-view-budget.ts';
import { LastplanViewEvent } from './views/lastplan-view-event.ts';
import { LastplanViewEvents } from './views/lastplan-view-events.ts';
import { LastplanViewGrant } from './views/lastplan-view-grant.ts';
import { LastplanViewImports } from './views/lastplan-view-imports.ts';
import { LastplanViewOverview } from './views/lastplan-view-overview.ts';
import { LastplanViewPlan } from './views/lastplan-view-plan.ts';
import { LastplanViewRates } from './views/lastplan-view-rates.ts';
import { LastplanViewService } from './views/lastplan-view-service.ts';
import { LastplanViewSettings } from './views/lastplan-view-settings.ts';

/** Defines every element once; loading this module twice on a host page is harmless. */
const elements: Record<string, CustomElementConstructor> = {
  'lastplan-budget': LastplanBudget,
  'lastplan-cost-compare': LastplanCostCompare,
  'lastplan-dashboard': LastplanDashboard,
  'lastplan-forecast': LastplanForecast,
  'lastplan-grant': LastplanGrant,
  'lastplan-overview': LastplanOverview,
  'lastplan-scale-plan': LastplanScalePlan,
  'lastplan-services': LastplanServices,
  // The dashboard's views (web/views/), one element per view.
  'lastplan-capacity': LastplanCapacity,
  'lastplan-capacity-form': LastplanCapacityForm,
  'lastplan-event-form': LastplanEventForm,
  'lastplan-service-form': LastplanServiceForm,
  'lastplan-view-audit': LastplanViewAudit,
  'lastplan-view-budget': LastplanViewBudget,
  'lastplan-view-event': LastplanViewEvent,
  'lastplan-view-events': LastplanViewEvents,
  'lastplan-view-grant': LastplanViewGrant,
  'lastplan-view-imports': LastplanViewImports,
  'lastplan-view-overview': LastplanViewOverview,
  'lastplan-view-plan': LastplanViewPlan,
  'lastplan-view-rates': LastplanViewRates,
  'lastplan-view-service': LastplanViewService,
  'lastplan-view-settings': LastplanViewSettings,
};

for (const [tag, element] of Object.entries(elements)) {
  if (!customElements.get(tag)) customElements.define(tag, element);
}
