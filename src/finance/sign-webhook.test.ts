import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { money } from '../domain/money.ts';
import { alertWebhookBody } from './alert-webhook-body.ts';
import { backoffSchedule } from './backoff-schedule.ts';
import { signWebhook, verifyWebhook } from './sign-webhook.ts';

const body = JSON.stringify({ key: 'grant:grant-dk:actual:80', message: 'Fördermittel: 80 % erreicht' });
const t = 1_767_225_600;

describe('signWebhook', () => {
  it('matches an HMAC-SHA256 computed by node:crypto over "timestamp.body"', async () => {
    const expected = createHmac('sha256', 'whsec_test').update(`${t}.${body}`).digest('hex');
    expect(await signWebhook('whsec_test', body, t)).toBe(`t=${t},v1=${expected}`);
  });

  it.each([-1, 1.5, Number.NaN])('refuses timestamp %s', async (timestamp) => {
    await expect(signWebhook('s', body, timestamp)).rejects.toThrow(/unix timestamp/);
  });
});

describe('verifyWebhook', () => {
  it.each([
    ['the signed delivery', 'whsec_test', body, t + 30, true],
    ['another secret', 'whsec_other', body, t, false],
    ['a changed body', 'whsec_test', `${body} `, t, false],
    ['a replay after the tolerance', 'whsec_test', body, t + 301, false],
  ])('%s', async (_name, secret, received, now, ok) => {
    const header = await signWebhook('whsec_test', body, t);
    expect(await verifyWebhook(secret, received, header, now)).toBe(ok);
  });

  it('refuses a malformed header', async () => {
    expect(await verifyWebhook('whsec_test', body, 'sha256=abc', t)).toBe(false);
  });
});

describe('backoffSchedule', () => {
  it('doubles from 30 s up to one hour', () => {
    expect(backoffSchedule()).toEqual([
      30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000,
    ]);
  });

  it.each([
    [{ retries: 0 }, []],
    [{ retries: 3, baseMs: 1000, factor: 3, maxMs: 5000 }, [1000, 3000, 5000]],
    [{ retries: 2, random: () => 0 }, [15_000, 30_000]],
    [{ retries: 2, random: () => 0.999999 }, [30_000, 60_000]],
  ])('with %j', (options, expected) => {
    expect(backoffSchedule(options)).toEqual(expected);
  });
});

describe('alertWebhookBody', () => {
  it('writes amounts as decimal strings and the alert key as id', () => {
    const body = alertWebhookBody({
      key: 'grant:dk:actual:80',
      subjectKind: 'grant',
      subjectId: 'dk',
      measure: 'actual',
      threshold: 80,
      value: money('80000.004', 'EUR'),
      limit: money('100000', 'EUR'),
      asOf: '2026-06-30',
      message: 'Fördermittel dk: 80 % erreicht',
    });
    expect(JSON.parse(body)).toEqual({
      type: 'lastplan.alert',
      id: 'grant:dk:actual:80',
      subject: { kind: 'grant', id: 'dk' },
      measure: 'actual',
      threshold: 80,
      value: { amount: '80000.00', currency: 'EUR' },
      limit: { amount: '100000.00', currency: 'EUR' },
      asOf: '2026-06-30',
      message: 'Fördermittel dk: 80 % erreicht',
    });
  });
});
