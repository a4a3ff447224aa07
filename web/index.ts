import { defineElements } from './elements/define-elements.ts';
import { LastplanBudget } from './elements/lastplan-budget.ts';
import { LastplanCostCompare } from './elements/lastplan-cost-compare.ts';
import { LastplanForecast } from './elements/lastplan-forecast.ts';
import { LastplanGrant } from './elements/lastplan-grant.ts';
import { LastplanOverview } from './elements/lastplan-overview.ts';
import { LastplanScalePlan } from './elements/lastplan-scale-plan.ts';
import { LastplanServices } from './elements/lastplan-services.ts';

/**
 * The widgets a host page embeds (`/widgets.js`): defines each element once; loading this module
 * twice on a page is harmless. The dashboard's own views are in `dashboard.ts`.
 */
defineElements({
  'lastplan-budget': LastplanBudget,
  'lastplan-cost-compare': LastplanCostCompare,
  'lastplan-forecast': LastplanForecast,
  'lastplan-grant': LastplanGrant,
  'lastplan-overview': LastplanOverview,
  'lastplan-scale-plan': LastplanScalePlan,
  'lastplan-services': LastplanServices,
});
