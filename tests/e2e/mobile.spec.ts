/**
 * Teams on a phone, through the real frameless transport (support/native-host.ts): the tab is the
 * top-level page and talks to the "native" host through window.nativeInterface.
 */
import type { Page } from '@playwright/test';
import { Dashboard } from './pages/dashboard';
import { ProfilePage } from './pages/profile-page';
import { demoProfileNames } from './support/demo';
import { test, expect } from './support/fixtures';
import { NativeHost } from './support/native-host';

test.use({ viewport: { width: 360, height: 640 }, hasTouch: true, isMobile: true });

async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

test('on Android at 360×640 nothing scrolls sideways and editing works', async ({ page, urls, emulator }) => {
  const host = await NativeHost.open(page, {
    persona: 'admin@contoso',
    client: 'android',
    tabOrigin: urls.app,
    emulator,
  });

  const dashboard = new Dashboard(page);
  await expect(dashboard.cards).toHaveCount(10);
  expect(host.funcs('in')).toEqual(
    expect.arrayContaining(['initialize', 'getContext', 'authentication.getAuthToken']),
  );
  const initialize = host.log.find((e) => e.direction === 'out' && e.func === 'initialize');
  expect(initialize?.args[1]).toBe('android');
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

  await dashboard.card(demoProfileNames.northwind).openButton.tap();
  const profile = new ProfilePage(page);
  await expect(profile.heading(demoProfileNames.northwind)).toBeVisible();
  const { editor } = profile;
  await editor.openSection('Students');
  await editor.deferSync('Students').tap();
  await expect(editor.deferSync('Students')).toBeChecked();
  await expect(editor.unsavedChanges()).toHaveText('1 unsaved change');
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

  await editor.reviewAndSave(1);
  await expect(profile.status.badge('Profile state')).toHaveText('Profile state: Provisioning');
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  expect(host.log.filter((e) => e.unsupported)).toEqual([]);
});
