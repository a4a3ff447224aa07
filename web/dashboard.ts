// The dashboard (`/dashboard.js`, loaded by the app shell): the widgets and the dashboard's
// views, one element per view. Host pages load only the widgets (`/widgets.js`, index.ts).
import './index.ts';
import { defineElements } from './elements/define-elements.ts';
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

defineElements({
  'lastplan-dashboard': LastplanDashboard,
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
});
