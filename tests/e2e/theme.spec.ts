import { Dashboard } from './pages/dashboard';
import { test, expect } from './support/fixtures';

test('a theme switch re-themes the open tab without reloading it', async ({ teamsHost }) => {
  await teamsHost.open({ persona: 'admin@contoso', theme: 'default', tab: 'personal' });
  const dashboard = new Dashboard(teamsHost.tab);
  await expect(dashboard.heading).toBeVisible();
  // What the admin sees: the heading's colour on the first opaque background behind it.
  const colours = () =>
    dashboard.heading.evaluate((heading) => {
      let element: Element | null = heading;
      let background = 'rgba(0, 0, 0, 0)';
      while (element && background === 'rgba(0, 0, 0, 0)') {
        background = getComputedStyle(element).backgroundColor;
        element = element.parentElement;
      }
      return `${getComputedStyle(heading).color} on ${background}`;
    });
  const light = await colours();

  // A marker in the tab's window: it survives a re-theme, not a reload.
  const frame = await teamsHost.tabFrame();
  await frame.evaluate(() => {
    (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
  });

  await teamsHost.setTheme('dark');
  await teamsHost.waitForLog(
    (e) => e.direction === 'event' && e.func === 'themeChange',
    'no themeChange was sent',
  );
  await expect.poll(colours, { message: 'the tab kept its light colours' }).not.toBe(light);
  const dark = await colours();
  await expect(teamsHost.page.locator('html')).toHaveAttribute('data-theme', 'dark');

  await teamsHost.setTheme('contrast');
  await expect.poll(colours, { message: 'the tab kept its dark colours' }).not.toBe(dark);

  expect(await frame.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(
    true,
  );
  expect(await teamsHost.logFuncs('in')).toEqual(expect.arrayContaining(['registerHandler']));
  const initializations = (await teamsHost.log()).filter(
    (e) => e.direction === 'in' && e.func === 'initialize',
  );
  expect(initializations).toHaveLength(1);
});
