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
