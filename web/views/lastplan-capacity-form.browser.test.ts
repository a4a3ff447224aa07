import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { axeViolations } from '../../tests/web/axe-check.ts';
import { shot } from '../../tests/web/shot.ts';
import { type Route, stubApi } from '../../tests/web/stub-api.ts';
import type { InstanceTypesDto, StoredCapacityDto } from '../api/dto.ts';
import '../dashboard.ts';
import type { LastplanCapacityForm } from './lastplan-capacity-form.ts';

const serviceId = '66666666-6666-4666-8666-666666666666';
const service = {
  id: serviceId,
  series: [
    { id: 'a', metric: 'requests_per_second', unit: '1/s', kind: 'gauge', labels: {}, createdAt: '' },
    { id: 'b', metric: 'storage_gib', unit: 'GiB', kind: 'gauge', labels: {}, createdAt: '' },
  ],
};
const offers: InstanceTypesDto = {
  currency: 'EUR',
  vatMode: 'gross',
  on: '2026-12-06',
  providers: [
    {
      provider: 'hetzner',
      name: 'Hetzner Cloud',
      region: 'fsn1',
      catalogId: 'builtin:hetzner:1',
      types: [
        { name: 'CX23', vcpu: 2, memoryGib: 4, hourly: '0.011400000', notes: [] },
        { name: 'CX33', vcpu: 4, memoryGib: 8, hourly: '0.018100000', notes: [] },
      ],
      unpriced: [],
    },
    {
      provider: 'stackit',
      name: 'STACKIT',
      region: 'eu01',
      catalogId: 'builtin:stackit:1',
      types: [{ name: 'g1.2', vcpu: 2, memoryGib: 8, hourly: '0.091000000', notes: [] }],
      unpriced: [],
    },
  ],
};
const stored: StoredCapacityDto = {
  serviceId,
  updatedAt: '2026-12-01T10:00:00Z',
  driverMetric: 'requests_per_second',
  capacityPerType: { 'hetzner/CX23': 40 },
  instanceType: { provider: 'hetzner', name: 'CX23' },
  targetUtilisation: 0.7,
  minInstances: 2,
  maxInstances: 12,
  leadTime: 'PT1H',
  scaleDownDelay: 'PT2H',
  minStep: 'P1D',
  quantile: 0.975,
  storage: { metric: 'storage_gib' },
};

let restore: (() => void) | undefined;
let sent: unknown[] = [];
beforeEach(() => {
  document.documentElement.lang = 'de';
  sent = [];
});
afterEach(() => {
  restore?.();
  document.body.replaceChildren();
});

/** Stubs the PUT (recording its body) and mounts the form on the stored model. */
async function mount(answer: Route) {
  const stub = stubApi({ [`/v1/services/${serviceId}/capacity`]: answer });
  const stubbed = globalThis.fetch;
  globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    if (init?.body) sent.push(JSON.parse(String(init.body)));
    return stubbed(input, init);
  }) as typeof fetch;
  restore = stub.restore;
  const form = document.createElement('lastplan-capacity-form') as LastplanCapacityForm;
  Object.assign(form, { service, model: stored, offers });
  document.body.append(form);
  await form.updateComplete;
  return form;
}

const $ = <T extends Element>(form: LastplanCapacityForm, selector: string) =>
  form.shadowRoot?.querySelector(selector) as T;
const text = (form: LastplanCapacityForm) => form.shadowRoot?.textContent?.replace(/\s+/g, ' ') ?? '';
const fill = (form: LastplanCapacityForm, name: string, value: string) => {
  const input = $<HTMLInputElement>(form, `[name=${name}]`);
  input.value = value;
  input.dispatchEvent(new Event('input'));
};
const save = (form: LastplanCapacityForm) => $<HTMLButtonElement>(form, 'button[type=submit]').click();

describe('lastplan-capacity-form', () => {
  it('starts from the stored model: type, capacity with a decimal comma, limits, headroom, hours', async () => {
    const form = await mount({ body: stored });
    expect($<HTMLSelectElement>(form, '[name=instanceType]').value).toBe('hetzner/CX23');
    expect($<HTMLInputElement>(form, '[name=capacity]').value).toBe('40');
    expect($<HTMLInputElement>(form, '[name=headroom]').value).toBe('30');
    expect($<HTMLInputElement>(form, '[name=minStep]').value).toBe('24');
    expect(text(form)).toContain('CX23 · 2 vCPU · 4 GiB RAM · 0,0114 €/h');
    expect(text(form)).toContain('Preise je Stunde brutto');
    expect(await axeViolations(form)).toEqual([]);
  });

  it('sends per vCPU without a fixed type, keeps what it does not show, and names only the providers ticked', async () => {
    const form = await mount({ body: stored });
    $<HTMLInputElement>(form, '[name=basis][value=vcpu]').click();
    await form.updateComplete;
    const select = $<HTMLSelectElement>(form, '[name=instanceType]');
    select.value = '';
    select.dispatchEvent(new Event('change'));
    fill(form, 'capacity', '17,5');
    $<HTMLInputElement>(form, '[name=providers][value=stackit]').click();
    save(form);
    await expect.poll(() => sent.length).toBe(1);
    expect(sent[0]).toEqual({
      driverMetric: 'requests_per_second',
      perVcpu: 17.5,
      targetUtilisation: 0.7,
      minInstances: 2,
      maxInstances: 12,
      leadTime: 'PT1H',
      scaleDownDelay: 'PT2H',
      minStep: 'PT24H',
      quantile: 0.975,
      providers: ['hetzner'],
      storage: { metric: 'storage_gib' },
    });
  });

  it('refuses a type whose provider is not compared, before sending', async () => {
    const form = await mount({ body: stored });
    $<HTMLInputElement>(form, '[name=providers][value=hetzner]').click();
    save(form);
    await expect.poll(() => text(form)).toContain('Der gewählte Instanztyp gehört zu Hetzner Cloud');
    expect(sent).toEqual([]);
  });

  it("shows the server's refusal: the title in words, then the server's detail and the fields it names", async () => {
    const form = await mount({
      status: 400,
      body: {
        type: 'https://lastplan.de/problems/validation',
        title: 'The request is not valid',
        status: 400,
        detail: 'the capacity model names unknown providers',
        errors: [{ pointer: '/instanceType/provider', detail: 'no catalog for provider "hetzner"' }],
      },
    });
    save(form);
    await expect.poll(() => text(form)).toContain('Eine Angabe fehlt oder passt nicht');
    expect(text(form)).toContain(
      'the capacity model names unknown providers – /instanceType/provider: no catalog for provider "hetzner"',
    );
    expect(form.shadowRoot?.querySelector('[role=alert] [lang=en]')).not.toBeNull();
    expect(await axeViolations(form)).toEqual([]);
    await shot('capacity-form-refused', form);
  });

  it('speaks English on an English page', async () => {
    document.documentElement.lang = 'en';
    const form = await mount({ body: stored });
    expect(text(form)).toContain('Capacity per instance');
    expect(text(form)).toContain('Prices per hour incl. VAT, as a plan starting today computes them');
    expect(text(form)).toContain('Requests per second (requests_per_second)');
    fill(form, 'capacity', '12,5x');
    save(form);
    await expect
      .poll(() => text(form))
      .toContain('Capacity per instance: enter a positive number, e.g. 12.5.');
  });

  it('marks the wrong fields, opens "more settings" for one there, and moves the focus to the first', async () => {
    const form = await mount({ body: stored });
    fill(form, 'leadTime', 'bald');
    fill(form, 'quantile', '40');
    save(form);
    await expect
      .poll(() => text(form))
      .toContain('Vorlauf in Stunden: eine Zahl ab 0 angeben, z. B. 2 oder 0,5.');
    expect(text(form)).toContain('Planungsquantil: eine Zahl über 50 und unter 100 angeben, z. B. 97,5.');
    expect($<HTMLDetailsElement>(form, 'details.more').open).toBe(true);
    expect($(form, '[name=leadTime]').getAttribute('aria-invalid')).toBe('true');
    expect($(form, '[name=quantile]').getAttribute('aria-invalid')).toBe('true');
    expect($(form, '[name=capacity]').hasAttribute('aria-invalid')).toBe(false);
    expect(form.shadowRoot?.activeElement?.getAttribute('name')).toBe('leadTime');
    expect(sent).toEqual([]);
    expect(await axeViolations(form)).toEqual([]);
  });
});
