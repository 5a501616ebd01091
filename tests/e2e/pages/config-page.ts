/** The channel tab's configuration page: all profiles, or one pinned profile. */
import type { Locator } from '@playwright/test';
import type { TabRoot } from './root';

export class ConfigPage {
  readonly heading: Locator;
  readonly allProfiles: Locator;
  readonly oneProfile: Locator;
  readonly profilePicker: Locator;

  constructor(readonly root: TabRoot) {
    this.heading = root.getByRole('heading', { level: 1, name: 'Set up the SDS Profiles tab' });
    this.allProfiles = root.getByRole('radio', { name: /^All profiles/ });
    this.oneProfile = root.getByRole('radio', { name: /^One profile/ });
    this.profilePicker = root.getByRole('combobox', { name: /^Profile/ });
  }

  async pinProfile(profileName: string): Promise<void> {
    await this.oneProfile.check();
    await this.profilePicker.click();
    await this.root.getByRole('option', { name: profileName, exact: true }).click();
  }
}
