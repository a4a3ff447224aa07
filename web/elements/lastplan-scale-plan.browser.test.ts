import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { axeViolations } from '../../tests/web/axe-check.ts';
import { shot } from '../../tests/web/shot.ts';
import { stubApi } from '../../tests/web/stub-api.ts';
import '../index.ts';

const HOUR = 3_600_000;
const start = Date.UTC(2027, 0, 10);
const planId = '44444444-4444-4444-8444-444444444444';
const eur = (amount: string) => ({ amount, currency: 'EUR' });
const plan = (status: 'draft' | 'approved') => ({
  id: planId,
  serviceId: '11111111-1111-4111-8111-111111111111',
  version: 2,
  status,
  horizon: { from: new Date(start).toISOString(), to: new Date(start + 21 * 24 * HOUR).toISOString() },
  quantile: 0.975,
  currency: 'EUR',
  cost: { p50: '1234.500000000', planning: '1688.250000000' },
  createdBy: 'Planung',
  createdAt: '2026-11-20T10:00:00Z',
  approvedBy: status === 'approved' ? 'Amtsleitung' : null,
  approvedAt: status === 'approved' ? '2026-11-23T09:00:00Z' : null,
  plan: {
    steps: [
      {
        from: start,
        to: start + 7 * 24 * HOUR,
        provider: 'hetzner',
        instanceType: 'cx32',
        count: 2,
        reason: 'Grundlast',
        cost: { total: eur('300.000000000') },
      },
      {
        from: start + 7 * 24 * HOUR,
        to: start + 14 * 24 * HOUR,
        provider: 'hetzner',
        instanceType: 'cx32',
        count: 6,
        reason: 'Briefwahl: Spitze am 2027-01-25, 95 % bis 640 1/s',
        cost: { total: eur('1088.250000000') },
      },
      {
        from: start + 14 * 24 * HOUR,
        to: start + 21 * 24 * HOUR,
        provider: 'hetzner',
        instanceType: 'cx32',
        count: 2,
        reason: 'Grundlast nach der Wahl',
        cost: { total: eur('300.000000000') },
      },
    ],
  },
});

let restore: (() => void) | undefined;
beforeEach(() => {
  document.documentElement.lang = 'de';
});
afterEach(() => {
  restore?.();
  document.body.replaceChildren();
});

const text = (element: Element) => element.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '';

function mount(approvable: boolean) {
  const element = document.createElement('lastplan-scale-plan');
  element.setAttribute('api', 'https://planner.example');
  element.setAttribute('token', 'lp_test');
  element.setAttribute('plan', planId);
  if (approvable) element.setAttribute('approvable', '');
  document.body.append(element);
  return element;
}

describe('lastplan-scale-plan', () => {
  it('shows the schedule as timeline and table with the cost range, and approves a draft', async () => {
    let status: 'draft' | 'approved' = 'draft';
    restore = stubApi({
      [`/v1/plans/${planId}/approve`]: () => {
        status = 'approved';
        return { body: plan(status) };
      },
      [`/v1/plans/${planId}`]: () => ({ body: plan(status) }),
    }).restore;
    const element = mount(true);
    await expect.poll(() => text(element)).toContain('Kosten: 1.234,50 € (P50) bis 1.688,25 € (95-%-Band)');
    expect(element.shadowRoot?.querySelectorAll('tbody tr')).toHaveLength(3);
    expect(element.shadowRoot?.querySelectorAll('svg rect')).toHaveLength(3);
    expect(text(element)).toContain('Entwurf');
    expect(await axeViolations(element)).toEqual([]);
    await shot('scale-plan-draft', element);
    await page.getByRole('button', { name: 'Plan freigeben' }).click();
    // Nothing is approved before the second, explicit step.
    expect(status).toBe('draft');
    await expect.poll(() => text(element)).toContain('Version 2 freigeben?');
    expect(await axeViolations(element)).toEqual([]);
    await shot('scale-plan-confirm', element);
    await page.getByRole('button', { name: 'Jetzt freigeben' }).click();
    await expect.poll(() => text(element)).toContain('Freigegeben von Amtsleitung');
    expect(page.getByRole('button', { name: 'Plan freigeben' }).query()).toBeNull();
  });

  it('approves with a comment, shows it, and withdraws the approval before the first step', async () => {
    let status: 'draft' | 'approved' = 'draft';
    let comment: string | null = null;
    const bodies: unknown[] = [];
    const withComment = () => ({ ...plan(status), approvalComment: comment });
    restore = stubApi({
      [`/v1/plans/${planId}/approve`]: () => {
        status = 'approved';
        comment = 'Vorbehaltlich Haushaltsbeschluss';
        return { body: withComment() };
      },
      [`/v1/plans/${planId}/withdraw`]: () => {
        status = 'draft';
        comment = null;
        return { body: withComment() };
      },
      [`/v1/plans/${planId}`]: () => ({ body: withComment() }),
    }).restore;
    const realFetch = globalThis.fetch;
    globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
      if (init?.method === 'POST') bodies.push(init.body ? JSON.parse(String(init.body)) : undefined);
      return realFetch(input, init);
    }) as typeof fetch;
    const element = mount(true);
    await expect.poll(() => text(element)).toContain('Entwurf');
    await page.getByRole('button', { name: 'Plan freigeben' }).click();
    await page.getByLabelText('Kommentar (freiwillig)').fill('  Vorbehaltlich Haushaltsbeschluss ');
    expect(await axeViolations(element)).toEqual([]);
    await page.getByRole('button', { name: 'Jetzt freigeben' }).click();
    await expect.poll(() => text(element)).toContain('Kommentar: Vorbehaltlich Haushaltsbeschluss');
    expect(bodies).toEqual([{ comment: 'Vorbehaltlich Haushaltsbeschluss' }]);
    expect(text(element)).toContain('Die Freigabe kann bis So., 10. Jan. 2027');
    await page.getByRole('button', { name: 'Freigabe zurückziehen' }).click();
    await expect.poll(() => text(element)).toContain('Freigabe von Version 2 zurückziehen?');
    expect(await axeViolations(element)).toEqual([]);
    await shot('scale-plan-withdraw', element);
    await page.getByRole('button', { name: 'Jetzt zurückziehen' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Plan freigeben' }).query()).not.toBeNull();
    expect(text(element)).not.toContain('Freigegeben von');
    expect(bodies).toHaveLength(2);
  });

  it('never lets a slow answer for an earlier plan overwrite the newer one, and aborts it', async () => {
    const other = '55555555-5555-4555-8555-555555555555';
    const stub = stubApi({
      [`/v1/plans/${planId}`]: { body: plan('draft'), delayMs: 600 },
      [`/v1/plans/${other}`]: { body: { ...plan('approved'), id: other, version: 7 } },
    });
    restore = stub.restore;
    const element = mount(false);
    await expect.poll(() => stub.calls).toContain(`/v1/plans/${planId}`);
    element.setAttribute('plan', other);
    await expect.poll(() => text(element)).toContain('Version 7');
    await new Promise((r) => setTimeout(r, 900));
    expect(text(element)).toContain('Version 7');
    expect(text(element)).not.toContain('Version 2');
    expect(stub.aborted).toEqual([`/v1/plans/${planId}`]);
  });

  it('says in words why approval failed (a read token lacks the scope)', async () => {
    restore = stubApi({
      [`/v1/plans/${planId}/approve`]: {
        status: 403,
        body: {
          type: '/problems/forbidden',
          title: 'Forbidden',
          status: 403,
          detail: 'this token lacks the scope "plan"',
        },
      },
      [`/v1/plans/${planId}`]: { body: plan('draft') },
    }).restore;
    const element = mount(true);
    await expect.poll(() => text(element)).toContain('Entwurf');
    await page.getByRole('button', { name: 'Plan freigeben' }).click();
    await page.getByRole('button', { name: 'Jetzt freigeben' }).click();
    await expect
      .poll(() => text(element))
      .toContain(
        'Dafür fehlt Ihrem Zugang die Berechtigung Meldung des Servers: Forbidden – this token lacks the scope "plan"',
      );
  });

  it.each([
    [
      'error',
      {
        status: 404,
        body: { type: '/problems/not-found', title: 'Not found', status: 404, detail: 'plan not found' },
      },
      'Not found',
    ],
    ['no steps', { body: { ...plan('approved'), plan: { steps: [] } } }, 'keine Schritte'],
  ])('shows the %s state', async (_name, route, words) => {
    restore = stubApi({ [`/v1/plans/${planId}`]: route }).restore;
    const element = mount(false);
    await expect.poll(() => text(element)).toContain(words);
    expect(await axeViolations(element)).toEqual([]);
  });
});
