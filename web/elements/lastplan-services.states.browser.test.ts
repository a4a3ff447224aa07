import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { axeViolations } from '../../tests/web/axe-check.ts';
import { shot } from '../../tests/web/shot.ts';
import { type Routes, stubApi } from '../../tests/web/stub-api.ts';
import '../dashboard.ts';

let restore: (() => void) | undefined;
beforeEach(() => {
  document.documentElement.lang = 'de';
});
afterEach(() => {
  restore?.();
  document.body.replaceChildren();
});

const text = (element: Element) => element.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '';
const service = (id: string, key: string, name: string) => ({ id, key, name, owner: 'Amt', costCentre: '1' });

function mount(lang = 'de') {
  const element = document.createElement('lastplan-services');
  element.setAttribute('token', 'lp_test');
  element.setAttribute('lang', lang);
  document.body.append(element);
  return element;
}

describe('lastplan-services in each state', () => {
  it.each<[string, Routes, string]>([
    ['loading', { '/v1/services': { body: { items: [] }, delayMs: 5000 } }, 'Wird geladen'],
    [
      'empty',
      { '/v1/services': { body: { items: [] } }, '/v1/events': { body: { items: [] } } },
      'Noch keine Dienste',
    ],
    [
      'error',
      {
        '/v1/services': {
          status: 401,
          body: {
            type: '/problems/unauthorized',
            title: 'Unauthorized',
            status: 401,
            detail: 'the token is unknown, expired or revoked',
          },
        },
      },
      'Fehler: Bitte melden Sie sich (erneut) anMeldung des Servers: Unauthorized – the token is unknown, expired or revoked',
    ],
  ])('%s', async (_name, routes, words) => {
    restore = stubApi(routes).restore;
    const element = mount();
    await expect.poll(() => text(element)).toContain(words);
    expect(await axeViolations(element)).toEqual([]);
  });

  it('lists services with their next event, pages on, and reports a choice', async () => {
    restore = stubApi({
      '/v1/services': (url) =>
        url.searchParams.get('cursor')
          ? { body: { items: [service('b', 'kfz', 'Kfz-Zulassung')] } }
          : { body: { items: [service('a', 'briefwahl', 'Briefwahl')], nextCursor: 'c1' } },
      '/v1/events': {
        body: {
          items: [
            {
              name: 'Bürgerentscheid',
              startsAt: '2099-01-20T00:00:00Z',
              endsAt: '2099-01-31T18:00:00Z',
              serviceIds: ['a'],
            },
            {
              name: 'Wartung',
              startsAt: '2099-01-05T00:00:00Z',
              endsAt: '2099-01-05T04:00:00Z',
              serviceIds: [],
            },
          ],
        },
      },
    }).restore;
    const element = mount('en-GB');
    await expect.poll(() => text(element)).toContain('Briefwahl');
    expect(text(element)).toContain('Wartung (from 5 Jan 2099)');
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => text(element)).toContain('Kfz-Zulassung');
    let chosen = '';
    element.addEventListener('lastplan-select', (e) => {
      chosen = (e as CustomEvent<{ id: string }>).detail.id;
    });
    await page.getByRole('button', { name: 'Kfz-Zulassung' }).click();
    expect(chosen).toBe('b');
    expect(await axeViolations(element)).toEqual([]);
    await shot('services-en', element);
  });
});

describe('lastplan-dashboard sign-in', () => {
  it('says why a token was refused and keeps the form', async () => {
    restore = stubApi({
      // Signing in posts the token to /v1/session, which refuses it.
      '/v1/session': {
        status: 401,
        body: {
          type: '/problems/unauthorized',
          title: 'Unauthorized',
          status: 401,
          detail: 'the token is unknown, expired or revoked',
        },
      },
      '/v1/tenant': {
        status: 401,
        body: {
          type: '/problems/unauthorized',
          title: 'Unauthorized',
          status: 401,
          detail: 'the token is unknown, expired or revoked',
        },
      },
    }).restore;
    const element = document.createElement('lastplan-dashboard');
    document.body.append(element);
    await page.getByLabelText('Token').fill('lp_wrong');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await expect
      .poll(() => text(element))
      .toContain(
        'Bitte melden Sie sich (erneut) an Meldung des Servers: Unauthorized – the token is unknown, expired or revoked',
      );
    expect(await axeViolations(element)).toEqual([]);
    await shot('dashboard-signin-error', element);
  });
});
