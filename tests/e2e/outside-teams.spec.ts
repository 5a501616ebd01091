import { test, expect } from './support/fixtures';

test('outside any Teams host the tab explains where to open it instead of hanging', async ({
  page,
  urls,
}) => {
  await page.goto(`${urls.app}/tab`);

  await expect(page.getByRole('heading', { name: 'Open SDS Profiles in Microsoft Teams' })).toBeVisible();
  await expect(page.getByText(/No Parent window found/)).toBeVisible();
  await expect(page.getByRole('link', { name: urls.teamsHost })).toBeVisible();
});
