import { describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';

// The real dashboard on the real server (global-setup.ts): what each role is offered.
describe('dashboard by role', () => {
  it('a viewer sees plans but may neither compute nor approve one, and has no audit trail', async () => {
    const seen = await commands.dashboardRole('read');
    expect(seen.nav).toEqual(['Übersicht', 'Ereignisse', 'Einstellungen']);
    expect([seen.createPlan, seen.approve]).toEqual([false, false]);
    expect(seen.audit).toContain('Nur für Administratorinnen und Administratoren.');
    expect(seen.violations).toEqual([]);
  }, 120_000);

  it('a planner computes and approves plans', async () => {
    const seen = await commands.dashboardRole('plan');
    expect([seen.createPlan, seen.approve]).toEqual([true, true]);
    expect(seen.nav).not.toContain('Protokoll');
  }, 120_000);

  it('finance may neither compute nor approve a plan', async () => {
    const seen = await commands.dashboardRole('finance');
    expect([seen.createPlan, seen.approve]).toEqual([false, false]);
    expect(seen.audit).toContain('Nur für Administratorinnen und Administratoren.');
  }, 120_000);

  it('an admin has the audit trail with filters and a CSV download', async () => {
    const seen = await commands.dashboardRole('admin');
    expect(seen.nav).toContain('Protokoll');
    expect([seen.createPlan, seen.approve]).toEqual([true, true]);
    expect(seen.audit).toContain('Protokoll der Änderungen');
    expect(seen.audit).toContain('Als CSV herunterladen');
    expect(seen.audit).toMatch(/session\.(start|create)|token\.create/);
    expect(seen.violations).toEqual([]);
  }, 120_000);

  it('approves a new plan with a comment and withdraws the approval before its first step', async () => {
    const result = await commands.dashboardApproveWithdraw();
    expect(result.path).toMatch(/^\/plans\/[0-9a-f-]+$/);
    expect(result.approved).toContain('Freigegeben von browser test plan');
    expect(result.approved).toContain('Kommentar: Vorbehaltlich Haushaltsbeschluss');
    expect(result.withdrawn).toContain('Entwurf');
    expect(result.withdrawn).not.toContain('Freigegeben von');
    expect(result.actions).toEqual(expect.arrayContaining(['plan.create', 'plan.approve', 'plan.withdraw']));
  }, 120_000);

  it("records an event in the form and changes it on its page, in the tenant's local time", async () => {
    const result = await commands.dashboardEventEdit();
    expect(result.refused).toContain('Die Mehrlast als Zahl in Prozent angeben');
    expect(result.path).toMatch(/^\/events\/[0-9a-f-]+$/);
    expect(result.created).toContain('Bürgerentscheid Freibad');
    expect(result.created).toContain('14. März 2027, 08:00');
    expect(result.created).toContain('Sonstiges Ereignis');
    expect(result.created).not.toContain('custom');
    expect(result.created).toContain('+120 %');
    expect(result.edited).toContain('+80 %');
    expect(result.edited).toContain('Gespeichert.');
    // Stored in UTC: 08:00 in Berlin in March is 07:00 UTC.
    expect(result.stored).toEqual({
      ...result.stored,
      name: 'Bürgerentscheid Freibad (Stichwahl)',
      startsAt: '2027-03-14T07:00:00.000Z',
      endsAt: '2027-03-14T17:00:00.000Z',
      expectedUplift: '0.8',
    });
    expect(result.violations).toEqual([]);
  }, 120_000);

  it("changes a service's owner and cost centre on its page", async () => {
    const result = await commands.dashboardServiceEdit();
    expect(result.edited).toContain('Wahlamt, Frau Beispiel');
    expect(result.edited).toContain('4711-20');
    expect(result.stored).toEqual({
      name: 'Online-Wahlschein (Briefwahl)',
      owner: 'Wahlamt, Frau Beispiel',
      costCentre: '4711-20',
    });
    expect(result.violations).toEqual([]);
  }, 120_000);

  it('switches to English, keeps it over a reload, and back to German', async () => {
    const result = await commands.dashboardLanguage();
    expect(result.english).toContain('Upcoming events');
    expect(result.afterReload).toContain('Upcoming events');
    expect(result.stored).toBe('en');
    expect(result.german).toContain('Ereignisse');
  }, 120_000);
});
