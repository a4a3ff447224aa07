import { CliError, type CliIo } from '../cli-io.ts';
import type { Command } from '../command.ts';
import { jsonOption, printJson, wantsJson } from '../json-output.ts';
import { type CommandSpec, type ParsedCommand, requireString } from '../parse-command.ts';
import { apiTarget, problemLine } from './catalogs-import-command.ts';

export const plansCreateSpec: CommandSpec = {
  usage:
    'plans create --service KEY|ID --horizon P90D [--providers a,b] [--quantile 0.975] [--api URL] [--token T]',
  summary:
    'Build a scale plan for a service through a running server and print its steps and cost range; the plan is stored as the next version.',
  options: {
    service: { type: 'string', placeholder: 'KEY|ID', description: 'the service key (e.g. briefwahl) or id' },
    horizon: { type: 'string', placeholder: 'DURATION', description: 'P7D to P366D' },
    providers: {
      type: 'string',
      placeholder: 'LIST',
      description: 'comma-separated provider ids (default: the capacity model’s)',
    },
    quantile: {
      type: 'string',
      placeholder: 'Q',
      description:
        'planning quantile, e.g. 0.975 for the upper end of the 95 % band (default: the capacity model’s)',
    },
    api: { type: 'string', placeholder: 'URL', description: 'server address (default: env LASTPLAN_API)' },
    token: {
      type: 'string',
      placeholder: 'T',
      description: 'token with the plan and read scopes (default: env LASTPLAN_TOKEN)',
    },
    ...jsonOption,
  },
  examples: [
    'lastplan plans create --service briefwahl --horizon P90D --api http://localhost:8080 --token lp_…',
  ],
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function call(api: string, token: string, path: string, init: RequestInit = {}): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(`${api}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });
  } catch (error) {
    throw new CliError(`cannot reach ${api}: ${(error as Error).cause ?? (error as Error).message}`);
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new CliError(problemLine(response.status, body as object));
  return body;
}

async function serviceId(api: string, token: string, service: string): Promise<string> {
  if (UUID.test(service)) return service;
  let cursor: string | undefined;
  do {
    const page = (await call(
      api,
      token,
      `/v1/services?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    )) as { items: { id: string; key: string }[]; nextCursor?: string };
    const found = page.items.find((s) => s.key === service);
    if (found) return found.id;
    cursor = page.nextCursor;
  } while (cursor);
  throw new CliError(`no service with key "${service}"`);
}

interface PlanBody {
  id: string;
  version: number;
  currency: string;
  cost: { p50: string; planning: string };
  plan: {
    label: string;
    instanceType: { provider: string; name: string };
    steps: { fromIso: string; toIso: string; count: number; reason: string }[];
    alternatives: {
      label: string;
      differenceToPayg: { p50: { amount: string }; planning: { amount: string } };
    }[];
    warnings: string[];
  };
}

const euro = (amount: string) => Number(amount).toFixed(2);

async function plansCreate(io: CliIo, parsed: ParsedCommand): Promise<number> {
  const service = requireString(parsed, 'service', plansCreateSpec);
  const horizon = requireString(parsed, 'horizon', plansCreateSpec);
  const providers = parsed.values.providers;
  const quantile = parsed.values.quantile;
  if (quantile !== undefined && !(Number(quantile) > 0.5 && Number(quantile) < 1)) {
    throw new CliError('--quantile must be a number between 0.5 and 1, e.g. 0.975', 2);
  }
  const { api, token } = apiTarget(io, parsed);
  const id = await serviceId(api, token, service);
  const body = (await call(api, token, '/v1/plans', {
    method: 'POST',
    body: JSON.stringify({
      serviceId: id,
      horizon,
      ...(typeof providers === 'string' ? { providers: providers.split(',').map((p) => p.trim()) } : {}),
      ...(quantile !== undefined ? { quantile: Number(quantile) } : {}),
    }),
  })) as PlanBody;
  if (wantsJson(parsed)) {
    printJson(io, body);
    return 0;
  }
  const { plan } = body;
  const lines = [
    `plan ${body.id} (version ${body.version}) on ${plan.instanceType.provider}/${plan.instanceType.name}, ${plan.label}`,
    ...plan.steps.map((s) => `  ${s.fromIso.slice(0, 16)}  ×${String(s.count).padEnd(4)} ${s.reason}`),
    `cost ${euro(body.cost.p50)} to ${euro(body.cost.planning)} ${body.currency} (P50 to ${plan.label})`,
    ...plan.alternatives.map(
      (a) =>
        `  ${a.label}: pay-as-you-go saves ${euro(a.differenceToPayg.p50.amount)} to ${euro(a.differenceToPayg.planning.amount)} ${body.currency}`,
    ),
    ...plan.warnings.map((w) => `warning: ${w}`),
  ];
  io.stdout(`${lines.join('\n')}\n`);
  return 0;
}

export const plansCreateCommand: Command = { spec: plansCreateSpec, run: plansCreate };
