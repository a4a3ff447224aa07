import { expect } from 'vitest';
import { page, server } from 'vitest/browser';

/**
 * Saves a screenshot under .tmp/screenshots/ of the repository (for a person to look at; they
 * are not compared). `page.screenshot` resolves paths from the test file's folder.
 */
export async function shot(name: string, element?: Element): Promise<void> {
  const root = server.config.root.replace(/\/$/, '');
  const testPath = expect.getState().testPath ?? `${root}/x`;
  const depth = testPath.slice(root.length + 1).split('/').length - 1;
  const path = `${'../'.repeat(depth)}.tmp/screenshots/${name}.png`;
  await page.screenshot(element ? { path, element } : { path });
}
