import { describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { englishIn } from './english-fragments.ts';

// The real dashboard on the real server (global-setup.ts): a service that came in through
// ingestion alone gets its capacity model in the form, and then a plan.
describe('capacity model in the dashboard', () => {
  it('a planner creates and changes the model of an ingest-only service, then computes its plan', async () => {
    const r = await commands.capacityFlow('wohngeld', { width: 1280, height: 900 });
    expect(r.missing).toContain(
      'Noch kein Kapazitätsmodell – für diesen Dienst können keine Pläne berechnet werden.',
    );
    expect(r.missing).toContain('Kapazitätsmodell anlegen');
    expect(r.planRefused).toContain('Für diesen Dienst fehlt noch ein Kapazitätsmodell');
    // Each wrong field gets its own sentence, before anything is sent.
    expect(r.invalid).toContain('Kapazität je Instanz: eine positive Zahl angeben, z. B. 12,5.');
    expect(r.invalid).toContain(
      'Höchstens Instanzen: mindestens 1 und nicht weniger als die Mindestanzahl (1).',
    );
    expect(r.invalid).toContain('Reserve: eine Zahl von 0 bis unter 100 angeben, z. B. 30.');
    expect(r.createdModel).toMatchObject({
      driverMetric: 'requests_per_second',
      instanceType: { provider: 'hetzner', name: 'CX23' },
      capacityPerType: { 'hetzner/CX23': 12.5 },
      minInstances: 1,
      maxInstances: 30,
      targetUtilisation: 0.7,
    });
    expect(r.createdModel.perVcpu).toBeUndefined();
    // Shown in words: the metric's display name, the type with vCPU, RAM and its hourly price in euros.
    expect(r.created).toContain('Anfragen pro Sekunde');
    expect(r.created).toMatch(/Hetzner Cloud: CX23 · 2 vCPU · 4 GiB RAM · 0,0\d{3} €\/h/);
    expect(r.created).toContain('12,5 1/s');
    expect(r.created).toContain('mindestens 1, höchstens 30');
    expect(r.created).toContain('30 % (Auslastung höchstens 70 %)');
    expect(r.created).not.toContain('Noch kein Kapazitätsmodell');
    expect(r.editedModel).toMatchObject({
      maxInstances: 40,
      targetUtilisation: 0.75,
      capacityPerType: { 'hetzner/CX23': 12.5 },
    });
    expect(r.edited).toContain('mindestens 1, höchstens 40');
    expect(r.planPath).toMatch(/^\/plans\/[0-9a-f-]+$/);
    expect(r.plan).toContain('CX23');
    for (const text of [r.missing, r.planRefused, r.created, r.edited]) expect(englishIn(text)).toEqual([]);
    expect(r.violations).toEqual([]);
  }, 240_000);

  it('a viewer reads the model and is offered no change', async () => {
    const r = await commands.capacityAsViewer('wohngeld');
    expect(r.text).toContain('Hetzner Cloud: CX23');
    expect(r.buttons.filter((b) => /Kapazitätsmodell/.test(b))).toEqual([]);
    expect(r.forms).toBe(0);
    expect(r.violations).toEqual([]);
  }, 120_000);

  it('fits a phone: the form and the model no wider than 390 px, axe finds nothing', async () => {
    const r = await commands.capacityFlow('wohngeld-mobil', { width: 390, height: 844 });
    expect(r.createdModel).toMatchObject({ capacityPerType: { 'hetzner/CX23': 12.5 } });
    expect([r.scrollWidth <= r.viewportWidth, r.wide]).toEqual([true, []]);
    expect(r.violations).toEqual([]);
  }, 240_000);
});
