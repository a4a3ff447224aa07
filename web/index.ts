import { LastplanBudget } from './elements/lastplan-budget.ts';
import { LastplanCostCompare } from './elements/lastplan-cost-compare.ts';
import { LastplanDashboard } from './elements/lastplan-dashboard.ts';
import { LastplanForecast } from './elements/lastplan-forecast.ts';
import { LastplanGrant } from './elements/lastplan-grant.ts';
import { LastplanOverview } from './elements/lastplan-overview.ts';
import { LastplanScalePlan } from './elements/lastplan-scale-plan.ts';
import { LastplanServices } from './elements/lastplan-services.ts';

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
};

for (const [tag, element] of Object.entries(elements)) {
  if (!customElements.get(tag)) customElements.define(tag, element);
}
