import { describe, expect, inject, it } from 'vitest';
import { commands } from 'vitest/browser';
import '../index.ts';

describe('lastplan-services against the real server', () => {
  it('lists only the service an embed token names, from this (second) origin', async () => {
    const { url } = inject('lastplan');
    const { token } = await commands.createEmbedToken('briefwahl', [location.origin]);
    const element = document.createElement('lastplan-services');
    element.setAttribute('api', url);
    element.setAttribute('token', token);
    document.body.append(element);
    await expect
      .poll(() => element.shadowRoot?.textContent ?? '', { timeout: 10_000 })
      .toContain('briefwahl');
    expect(element.shadowRoot?.textContent).not.toContain('kfz-zulassung');
    element.remove();
  });
});
