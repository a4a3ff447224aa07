import { describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';

describe('dashboard overview', () => {
  it('names the same Briefwahl peak as the service view (the same forecast)', async () => {
    const { overview, service } = await commands.overviewPeak();
    expect(overview.value).toMatch(/\d/);
    expect(overview.when).toMatch(/\d{4}, \d{2}:\d{2}$/);
    expect(service).toContain(`Höchste Last erwartet am ${overview.when}: ${overview.value}`);
    // Plan in force and its cost this month, next to the peak.
    expect(overview.text).toContain('Skalierungsplan, Version');
    expect(overview.text).toMatch(/\d+,\d{2}\s€/);
  }, 120_000);

  it('hides infrastructure services until asked, and finds one of many series by search', async () => {
    const result = await commands.metricPicker();
    expect(result.hidden).not.toContain('prometheus');
    expect(result.shown).toContain('prometheus');
    expect(result.shown).toContain('Infrastruktur');
    expect(result.before).toBe('12 von 12 Reihen in 8 Metriken');
    expect(result.after).toBe('1 von 12 Reihen in 1 Metriken');
    expect(result.links).toBe(1);
    expect(result.violations).toEqual([]);
  }, 120_000);
});
