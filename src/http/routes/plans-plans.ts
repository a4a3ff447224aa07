import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { parseDuration } from '../../domain/duration.ts';
import { DomainError } from '../../domain/errors.ts';
import { planSummary as planFigures } from '../../plan/plan-summary.ts';
import { createPlan } from '../../plan-service/create-plan.ts';
import { ensureBuiltinCatalogs } from '../../plan-service/ensure-builtin-catalogs.ts';
import { runScenario } from '../../plan-service/run-scenario.ts';
import {
  approvePlan,
  deletePlan,
  getPlan,
  listPlans,
  type PlanSummary,
  withdrawApproval,
} from '../../store/plan-store.ts';
import { canSee, type Principal } from '../../tenancy/principal.ts';
import type { AppEnv } from '../app-env.ts';
import { inTenant, isUuid } from '../in-tenant.ts';
import { withExpensiveSlot } from '../rate-limit.ts';
import { securedRoute } from '../route.ts';
import { bodyErrorResponses, errorResponses, IdParam, jsonBody, ProblemSchema } from '../schemas.ts';
import {
  NewPlanSchema,
  PlanListQuery,
  PlanSchema,
  PlanSummarySchema,
  ScenarioRequestSchema,
  ScenarioSchema,
} from './plans-schemas.ts';

const ApprovalSchema = z
  .object({
    comment: z
      .string()
      .max(2000)
      .optional()
      .openapi({ example: 'Freigegeben unter Vorbehalt des Haushaltsbeschlusses' }),
  })
  .strict()
  .openapi('Approval');

/** The optional body of an approval: none, or `{ comment }` (400 with a pointer otherwise). */
function approvalBody(text: string): z.infer<typeof ApprovalSchema> {
  if (text.trim() === '') return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DomainError('validation', 'the body is not JSON', [{ pointer: '/', detail: 'not JSON' }]);
  }
  const parsed = ApprovalSchema.safeParse(json);
  if (!parsed.success) {
    throw new DomainError(
      'validation',
      'the approval may carry only a comment of at most 2,000 characters',
      parsed.error.issues.map((i) => ({ pointer: `/${i.path.join('/')}`, detail: i.message })),
    );
  }
  return parsed.data;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

function summaryDto(plan: PlanSummary) {
  return {
    id: plan.id,
    serviceId: plan.serviceId,
    version: plan.version,
    status: plan.approvedAt ? ('approved' as const) : ('draft' as const),
    horizon: { from: plan.horizonFrom.toISOString(), to: plan.horizonTo.toISOString() },
    quantile: plan.quantile,
    currency: plan.currency,
    cost: { p50: plan.costP50, planning: plan.costPlanning },
    createdBy: plan.createdBy,
    createdAt: plan.createdAt.toISOString(),
    approvedBy: plan.approvedBy,
    approvedAt: plan.approvedAt?.toISOString() ?? null,
    approvalComment: plan.approvalComment,
  };
}

function visiblePlan(principal: Principal, id: string): string {
  if (!isUuid(id) || !canSee(principal, 'plan', id))
    throw new DomainError('not-found', `plan ${id} not found`);
  return id;
}

function horizonMs(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined || ms < 7 * DAY || ms > 366 * DAY || ms % HOUR !== 0) {
    throw new DomainError('validation', 'horizon must be a whole number of hours from P7D to P366D', [
      {
        pointer: '/horizon',
        detail: `"${text}" is not an ISO-8601 duration from P7D to P366D in whole hours`,
      },
    ]);
  }
  return ms;
}

const create = securedRoute('plan', {
  method: 'post',
  path: '/v1/plans',
  tags: ['plans'],
  summary:
    'Forecast the service, plan its instances hour by hour, price it and store it as the next plan version',
  request: jsonBody(NewPlanSchema, 'Service, horizon, optional providers and planning quantile'),
  responses: {
    201: { description: 'The plan', content: { 'application/json': { schema: PlanSchema } } },
    ...bodyErrorResponses,
    422: {
      description: 'Not enough history to forecast',
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
  },
});

const list = securedRoute('read', {
  method: 'get',
  path: '/v1/plans',
  tags: ['plans'],
  summary: 'Plans, newest first, optionally of one service',
  request: { query: PlanListQuery },
  responses: {
    200: {
      description: 'Plans',
      content: {
        'application/json': {
          schema: z.object({ items: z.array(PlanSummarySchema), nextCursor: z.string().optional() }),
        },
      },
    },
    ...errorResponses,
  },
});

const get = securedRoute('read', {
  method: 'get',
  path: '/v1/plans/{id}',
  tags: ['plans'],
  summary: 'One plan version with its steps, cost range, rightsizing, alternatives and approval',
  request: { params: IdParam },
  responses: {
    200: { description: 'The plan', content: { 'application/json': { schema: PlanSchema } } },
    ...errorResponses,
  },
});

const getInput = securedRoute('read', {
  method: 'get',
  path: '/v1/plans/{id}/input',
  tags: ['plans'],
  summary: 'Everything the plan was computed from (demand, model, catalog ids, rates, VAT), to recompute it',
  request: { params: IdParam },
  responses: {
    200: {
      description: 'The input',
      content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
    },
    ...errorResponses,
  },
});

const approve = securedRoute('plan', {
  method: 'post',
  path: '/v1/plans/{id}/approve',
  tags: ['plans'],
  summary:
    'Approve a plan: records who (person or token), when and an optional comment; the plan cannot change afterwards, except that the approval may be withdrawn until the first step starts',
  request: {
    params: IdParam,
    body: {
      required: false,
      description: 'An optional comment',
      content: { 'application/json': { schema: ApprovalSchema } },
    },
  },
  responses: {
    200: { description: 'Approved', content: { 'application/json': { schema: PlanSummarySchema } } },
    ...bodyErrorResponses,
  },
});

const withdraw = securedRoute('plan', {
  method: 'post',
  path: '/v1/plans/{id}/withdraw',
  tags: ['plans'],
  summary:
    "Withdraw a plan's approval before its first step starts (the plan is a draft again); 409 once the first step has started or when the plan is not approved",
  request: { params: IdParam },
  responses: {
    200: {
      description: 'Withdrawn: the plan as a draft',
      content: { 'application/json': { schema: PlanSummarySchema } },
    },
    ...bodyErrorResponses,
  },
});

const remove = securedRoute('plan', {
  method: 'delete',
  path: '/v1/plans/{id}',
  tags: ['plans'],
  summary: 'Delete a draft plan (an approved plan is kept: 409)',
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, ...bodyErrorResponses },
});

const scenario = securedRoute('plan', {
  method: 'post',
  path: '/v1/scenarios',
  tags: ['plans'],
  summary:
    'What-if over a plan: event uplift ×k, growth per year, price change, another provider; next to the base plan',
  request: jsonBody(ScenarioRequestSchema, 'The plan and the changes'),
  responses: {
    200: {
      description: 'Base plan and scenario',
      content: { 'application/json': { schema: ScenarioSchema } },
    },
    ...bodyErrorResponses,
  },
});

export function registerPlanRoutes(app: OpenAPIHono<AppEnv>): void {
  app.openapi(create, async (c) => {
    const body = c.req.valid('json');
    const ms = horizonMs(body.horizon);
    const deps = c.get('deps');
    await ensureBuiltinCatalogs(deps.database);
    const principal = c.get('principal');
    const { summary, result } = await withExpensiveSlot(c, 'this plan', () =>
      inTenant(c, (tx, tenantId) =>
        createPlan(
          tx,
          { tenantId, planId: deps.newId(), now: deps.clock(), tokenName: principal.actor.name },
          { ...body, horizonMs: ms },
        ),
      ),
    );
    return c.json(
      { ...summaryDto(summary), summary: planFigures(result), plan: result as Record<string, unknown> },
      201,
      {
        location: `/v1/plans/${summary.id}`,
      },
    );
  });

  app.openapi(list, async (c) => {
    const { serviceId, limit, cursor } = c.req.valid('query');
    const principal = c.get('principal');
    if (serviceId !== undefined && !isUuid(serviceId)) return c.json({ items: [] }, 200);
    const onlyIds =
      principal.kind === 'embed'
        ? principal.resources.filter((r) => r.startsWith('plan:')).map((r) => r.slice('plan:'.length))
        : undefined;
    const page = await inTenant(c, (tx) => listPlans(tx, { serviceId, onlyIds, limit, cursor }));
    return c.json(
      { items: page.items.map(summaryDto), ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) },
      200,
    );
  });

  app.openapi(get, async (c) => {
    const id = visiblePlan(c.get('principal'), c.req.valid('param').id);
    const plan = await inTenant(c, (tx) => getPlan(tx, id));
    return c.json(
      {
        ...summaryDto(plan),
        summary: planFigures(plan.result),
        plan: plan.result as Record<string, unknown>,
      },
      200,
    );
  });

  app.openapi(getInput, async (c) => {
    const id = visiblePlan(c.get('principal'), c.req.valid('param').id);
    const plan = await inTenant(c, (tx) => getPlan(tx, id));
    return c.json(plan.input as Record<string, unknown>, 200);
  });

  app.openapi(approve, async (c) => {
    const id = visiblePlan(c.get('principal'), c.req.valid('param').id);
    const principal = c.get('principal');
    const comment = approvalBody(await c.req.text()).comment?.trim() || null;
    const plan = await inTenant(c, (tx) =>
      approvePlan(tx, id, principal.actor.name, c.get('deps').clock(), comment),
    );
    if (comment) c.set('audit', { resourceId: id, detail: { comment } });
    return c.json(summaryDto(plan), 200);
  });

  app.openapi(withdraw, async (c) => {
    const id = visiblePlan(c.get('principal'), c.req.valid('param').id);
    const plan = await inTenant(c, (tx) => withdrawApproval(tx, id, c.get('deps').clock()));
    return c.json(summaryDto(plan), 200);
  });

  app.openapi(remove, async (c) => {
    const id = visiblePlan(c.get('principal'), c.req.valid('param').id);
    await inTenant(c, (tx) => deletePlan(tx, id));
    return c.body(null, 204);
  });

  app.openapi(scenario, async (c) => {
    const body = c.req.valid('json');
    visiblePlan(c.get('principal'), body.planId);
    await ensureBuiltinCatalogs(c.get('deps').database);
    const result = await withExpensiveSlot(c, 'this scenario', () =>
      inTenant(c, (tx) => runScenario(tx, body)),
    );
    return c.json({ ...result, applied: [...result.applied] }, 200);
  });
}
