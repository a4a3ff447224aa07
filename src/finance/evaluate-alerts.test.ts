import { describe, expect, it } from 'vitest';
import { budgetStatus } from './budget-status.ts';
import {
  type AlertState,
  budgetAlertSubject,
  evaluateAlerts,
  grantAlertSubject,
  type SpendSubject,
} from './evaluate-alerts.ts';
import { grantStatus } from './grant-status.ts';
import { dailyPlan, dailyRecords, demoGrant, eur } from './test-data.ts';

const subject = (actual: string, forecast: string, unspent?: string): SpendSubject => ({
  kind: 'grant',
  id: 'g1',
  asOf: '2026-06-30',
  limit: eur('1000'),
  actual: eur(actual),
  forecast: eur(forecast),
  ...(unspent === undefined ? {} : { unspentAtExpiry: eur(unspent) }),
});
const none: AlertState = { fired: [] };
const keys = (r: { alerts: { key: string }[] }) => r.alerts.map((a) => a.key);

describe('evaluateAlerts', () => {
  it.each([
    ['nothing reached', '0', '499.99', []],
    ['exactly 50 % forecast', '0', '500', ['grant:g1:forecast:50']],
    [
      'several thresholds at once',
      '800',
      '1200',
      [
        'grant:g1:actual:50',
        'grant:g1:actual:80',
        'grant:g1:forecast:50',
        'grant:g1:forecast:80',
        'grant:g1:forecast:100',
      ],
    ],
  ])('%s', (_name, actual, forecast, expected) => {
    expect(keys(evaluateAlerts(none, subject(actual, forecast)))).toEqual(expected);
  });

  it('never reports the same crossing twice, even after spend falls and rises again', () => {
    const first = evaluateAlerts(none, subject('600', '900'));
    expect(keys(first)).toEqual(['grant:g1:actual:50', 'grant:g1:forecast:50', 'grant:g1:forecast:80']);
    const again = evaluateAlerts(first.state, subject('650', '950'));
    expect(again.alerts).toEqual([]);
    const dropped = evaluateAlerts(again.state, subject('100', '100'));
    const back = evaluateAlerts(dropped.state, subject('850', '1000'));
    expect(keys(back)).toEqual(['grant:g1:actual:80', 'grant:g1:forecast:100']);
  });

  it('alerts on a projected unspent amount above the limit, once', () => {
    const rules = { unspentAbove: eur('100') };
    expect(keys(evaluateAlerts(none, subject('0', '0', '100'), rules))).toEqual([]);
    const first = evaluateAlerts(none, subject('0', '0', '100.01'), rules);
    expect(first.alerts[0]).toMatchObject({
      measure: 'unspent-at-expiry',
      threshold: null,
      value: eur('100.01'),
    });
    expect(first.alerts[0]?.message).toBe(
      'Fördermittel g1: voraussichtlich 100,01\u00a0€ am Ende des Förderzeitraums nicht verausgabt (Grenze 100,00\u00a0€).',
    );
    expect(evaluateAlerts(first.state, subject('0', '0', '500'), rules).alerts).toEqual([]);
  });

  it('takes custom thresholds and ignores a zero limit', () => {
    expect(keys(evaluateAlerts(none, subject('950', '0'), { thresholds: [95, 90, 95] }))).toEqual([
      'grant:g1:actual:90',
      'grant:g1:actual:95',
    ]);
    expect(evaluateAlerts(none, { ...subject('5', '5'), limit: eur('0') }).alerts).toEqual([]);
  });

  it('reads grant and budget statuses', () => {
    const records = dailyRecords('2026-01-01', '2026-06-30', '400');
    const plan = dailyPlan('2026-07-01', '2027-12-31', '10', '20', '30');
    const grant = evaluateAlerts(
      none,
      grantAlertSubject(grantStatus(demoGrant, records, plan, '2026-06-30')),
      { unspentAbove: eur('10000') },
    );
    // 72,400 of 125,000 spent (57.9 %); expected 83,360 (66.7 %): funded 66,688, 33,312 left unspent.
    expect(keys(grant)).toEqual([
      'grant:grant-dk:actual:50',
      'grant:grant-dk:forecast:50',
      'grant:grant-dk:unspent-at-expiry:10000000000000',
    ]);
    const line = { id: 'b1', name: 'IT', fiscalYear: 2026, amount: eur('80000'), serviceIds: ['svc-wahl'] };
    const budget = evaluateAlerts(none, budgetAlertSubject(budgetStatus(line, records, plan, '2026-06-30')));
    expect(keys(budget)).toEqual([
      'budget:b1:actual:50',
      'budget:b1:actual:80',
      'budget:b1:forecast:50',
      'budget:b1:forecast:80',
    ]);
    expect(budget.alerts[1]?.message).toBe(
      'Haushaltsansatz b1: 80 % erreicht (Ausgaben bisher 72.400,00\u00a0€ von 80.000,00\u00a0€).',
    );
  });
});
