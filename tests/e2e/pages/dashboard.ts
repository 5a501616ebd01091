/** The dashboard: every profile's status card, problems first. */
import type { Locator } from '@playwright/test';
import type { TabRoot } from './root';
import { StatusCard } from './status-card';

export class Dashboard {
  readonly heading: Locator;
  readonly profiles: Locator;
  readonly cards: Locator;
  readonly refreshButton: Locator;
  /** The problem bar shown when the list (or a refresh) could not be loaded. */
  readonly problem: Locator;
  readonly retryButton: Locator;

  constructor(readonly root: TabRoot) {
    this.heading = root.getByRole('heading', { level: 1, name: 'SDS profiles' });
    this.profiles = root.getByRole('list', { name: 'Profiles' });
    this.cards = this.profiles.getByRole('article');
    this.refreshButton = root.getByRole('button', { name: 'Refresh' });
    this.problem = root.getByText(/^Couldn't (load|refresh) the profiles$/);
    this.retryButton = root.getByRole('button', { name: 'Retry' });
  }

  card(profileName: string): StatusCard {
    return new StatusCard(this.profiles.getByRole('article', { name: profileName, exact: true }));
  }

  async openProfile(profileName: string): Promise<void> {
    await this.card(profileName).openButton.click();
  }
}
