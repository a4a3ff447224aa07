import { existsSync } from 'node:fs';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

process.env.TZ = 'UTC';

// Widget tests run in the Debian Chromium; nothing may download a browser. CI sets
// REQUIRE_BROWSER=1 so that a missing Chromium fails the run instead of leaving tests out.
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(chromiumPath);
if (process.env.REQUIRE_BROWSER === '1' && !haveChromium) {
  throw new Error(`REQUIRE_BROWSER=1 but there is no Chromium at ${chromiumPath}: apt-get install chromium`);
}

async function browserProject(): Promise<TestProjectInlineConfiguration> {
  const { playwright } = await import('@vitest/browser-playwright');
  const { browserCommands } = await import('./tests/web/browser-commands.ts');
  const { capacityCommands } = await import('./tests/web/capacity-commands.ts');
  return {
    extends: true,
    // Pre-bundled so that Vite does not reload the page in the middle of the first test.
    optimizeDeps: { include: ['lit', 'axe-core'] },
    test: {
      name: 'browser',
      include: ['web/**/*.browser.test.ts', 'tests/web/**/*.browser.test.ts'],
      globalSetup: ['tests/web/global-setup.ts'],
      browser: {
        enabled: true,
        headless: true,
        screenshotDirectory: '.tmp/screenshots',
        screenshotFailures: true,
        viewport: { width: 1100, height: 800 },
        commands: { ...browserCommands, ...capacityCommands },
        provider: playwright({
          launchOptions: {
            executablePath: chromiumPath,
            args: [
              '--headless',
              '--no-sandbox',
              '--disable-gpu',
              '--disable-quic',
              '--no-first-run',
              '--disable-background-networking',
              '--disable-component-update',
              '--disable-sync',
            ],
          },
        }),
        instances: [{ browser: 'chromium' }],
      },
    },
  };
}

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    attachmentsDir: '.tmp/vitest-attachments',
    env: { TZ: 'UTC' },
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: ['src/**/*.test.ts', 'tests/**/*.test.ts', 'scripts/**/*.test.ts', 'web/**/*.test.ts'],
          exclude: ['**/*.browser.test.ts', 'node_modules/**'],
        },
      },
      ...(haveChromium ? [await browserProject()] : []),
    ],
  },
});
