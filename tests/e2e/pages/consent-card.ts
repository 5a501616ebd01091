/** The card that asks an administrator for tenant-wide consent. */
import type { Locator } from '@playwright/test';
import type { TabRoot } from './root';

export class ConsentCard {
  readonly root: Locator;
  readonly grantButton: Locator;

  constructor(tab: TabRoot) {
    this.root = tab.getByRole('region', { name: 'Admin consent needed' });
    this.grantButton = this.root.getByRole('button', { name: 'Grant admin consent' });
  }
}
