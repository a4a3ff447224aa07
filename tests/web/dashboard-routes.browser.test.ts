import { describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import { englishIn } from './english-fragments.ts';

// The real dashboard on the real server (global-setup.ts), driven in its own tab.
describe('dashboard URLs', () => {
  it('opens every view by its URL on a fresh load and keeps the URL', async () => {
    const views = await commands.dashboardWalk({ width: 1280, height: 900 }, 'walk-1280');
    expect(views.map((v) => [v.name, v.found, v.finalPath])).toEqual(
      views.map((v) => [v.name, true, v.path]),
    );
    for (const view of views) expect(view.violations, view.name).toEqual([]);
    // The page is German (index.html, lang="de"): no message of the English table may show,
    // except the server's own words, which are quoted marked as English.
    expect(views.map((v) => [v.name, englishIn(v.text)])).toEqual(views.map((v) => [v.name, []]));
  }, 240_000);

  it('fits a phone: no view wider than 390 px, axe finds nothing', async () => {
    const views = await commands.dashboardWalk({ width: 390, height: 844 }, 'walk-390');
    expect(views.map((v) => [v.name, v.found])).toEqual(views.map((v) => [v.name, true]));
    expect(views.map((v) => [v.name, v.scrollWidth <= v.viewportWidth, v.wide])).toEqual(
      views.map((v) => [v.name, true, []]),
    );
    for (const view of views) expect(view.violations, view.name).toEqual([]);
  }, 240_000);

  it('goes Back and Forward between views and survives a reload', async () => {
    const { steps } = await commands.dashboardHistory();
    const [service, plan, reload, back, home, forward] = steps;
    expect(service?.path).toMatch(/^\/services\/[0-9a-f-]+$/);
    expect(plan?.path).toMatch(/^\/plans\/[0-9a-f-]+$/);
    expect(reload?.path).toBe(plan?.path);
    expect(back?.path).toBe(service?.path);
    expect(home?.path).toBe('/');
    expect(forward?.path).toBe(service?.path);
  });
});
