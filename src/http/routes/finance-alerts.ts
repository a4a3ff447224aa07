import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { setAlertWebhook } from '../../finance-service/alert-webhook.ts';
import { listAlerts } from '../../store/alert-store.ts';
import { findAlertWebhook } from '../../store/alert-webhook-store.ts';
import type { AppEnv } from '../app-env.ts';
import { inTenant, inTenantWork } from '../in-tenant.ts';
import { securedRoute } from '../route.ts';
import { bodyErrorResponses, errorResponses, jsonBody, ProblemSchema } from '../schemas.ts';
import { moneyJson } from './finance-dto.ts';

const AlertSchema = z
  .object({
    key: z.string().openapi({ example: 'grant:0193a8f0-7c1e-7a55-9a51-4b7a2f4f1c2d:actual:80' }),
    subjectKind: z.enum(['grant', 'budget']),
    subjectId: z.string(),
    measure: z.enum(['actual', 'forecast', 'unspent-at-expiry']),
    threshold: z.number().int().nullable(),
    value: z.string(),
    limit: z.string(),
    asOf: z.string(),
    message: z.string(),
    raisedAt: z.string(),
    delivery: z
      .object({
        state: z.enum(['pending', 'delivered', 'gave-up']),
        attempts: z.number().int(),
        nextAttemptAt: z.string(),
        lastStatus: z.number().int().nullable(),
        lastError: z.string().nullable(),
        deliveredAt: z.string().nullable(),
      })
      .nullable(),
  })
  .openapi('Alert');

const WebhookSchema = z
  .object({
    url: z
      .string()
      .url()
      .max(2000)
      .refine((u) => /^https?:\/\//i.test(u), 'an http or https URL')
      .openapi({ example: 'https://intranet.example.de/hooks/lastplan' }),
    secret: z.string().min(16, 'at least 16 characters').max(200),
  })
  .strict()
  .openapi('AlertWebhook');

const WebhookStateSchema = z
  .object({ url: z.string().nullable(), configured: z.boolean() })
  .openapi('AlertWebhookState');

const list = securedRoute('finance', {
  method: 'get',
  path: '/v1/alerts',
  tags: ['alerts'],
  summary: 'Raised alerts (one per crossing) with the state of their webhook delivery, newest first',
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) }) },
  responses: {
    200: {
      description: 'Alerts',
      content: { 'application/json': { schema: z.object({ items: z.array(AlertSchema) }) } },
    },
    ...errorResponses,
  },
});

const putWebhook = securedRoute('finance', {
  method: 'put',
  path: '/v1/alerts/webhook',
  tags: ['alerts'],
  summary: 'Set the webhook that receives alerts',
  description:
    'The URL must lead to a public address (every address its host resolves to is checked, here and ' +
    'again when sending; internal receivers need LASTPLAN_WEBHOOK_ALLOW), else 422 `refused-target`; ' +
    'redirects are not followed. Each alert is POSTed once as JSON with `x-lastplan-signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of ' +
    '"<t>.<body>" with the secret>` and `x-lastplan-delivery: <alert key>`; failures are retried with backoff.',
  request: jsonBody(WebhookSchema, 'URL and shared secret'),
  responses: {
    200: {
      description: 'Stored (the secret is never shown again)',
      content: { 'application/json': { schema: WebhookStateSchema } },
    },
    ...bodyErrorResponses,
    422: {
      description: 'The URL leads to an internal address (refused-target), with the reason',
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
  },
});

const getWebhook = securedRoute('finance', {
  method: 'get',
  path: '/v1/alerts/webhook',
  tags: ['alerts'],
  summary: 'The webhook URL (without its secret)',
  responses: {
    200: { description: 'The webhook', content: { 'application/json': { schema: WebhookStateSchema } } },
    ...errorResponses,
  },
});

/** Alerts and their webhook. */
export function registerFinanceAlerts(app: OpenAPIHono<AppEnv>): void {
  app.openapi(list, async (c) => {
    const { limit } = c.req.valid('query');
    const alerts = await inTenant(c, (tx) => listAlerts(tx, { limit }));
    return c.json({ items: alerts.map((a) => moneyJson(a) as z.infer<typeof AlertSchema>) }, 200);
  });

  app.openapi(putWebhook, async (c) => {
    const body = c.req.valid('json');
    await setAlertWebhook(inTenantWork(c, inTenant), body, c.get('deps'));
    return c.json({ url: body.url, configured: true }, 200);
  });

  app.openapi(getWebhook, async (c) => {
    const webhook = await inTenant(c, (tx) => findAlertWebhook(tx));
    return c.json({ url: webhook?.url ?? null, configured: webhook !== undefined }, 200);
  });
}
