/** The profile page's "Sync errors" section: groups, guidance, search, the virtualized list, export. */
import type { Locator } from '@playwright/test';
import type { TabRoot } from './root';

export class SyncErrorTriage {
  readonly section: Locator;
  readonly groups: Locator;
  readonly guidance: Locator;
  readonly search: Locator;
  readonly matching: Locator;
  readonly exportButton: Locator;

  constructor(readonly root: TabRoot) {
    this.section = root.getByRole('region', { name: 'Sync errors' });
    this.groups = this.section.getByRole('list', { name: 'Error groups' });
    this.guidance = this.section.locator('section[aria-labelledby="error-guidance-title"]');
    this.search = this.section.getByRole('searchbox', { name: 'Search by identifier or name' });
    this.matching = this.section.getByRole('status').filter({ hasText: /matching error/ });
    this.exportButton = this.section.getByRole('button', { name: 'Export errors (CSV)' });
  }

  group(name: string | RegExp): Locator {
    return this.groups.getByRole('button', { name });
  }

  /** The list region (its name says which group it shows). */
  list(group = 'All errors'): Locator {
    return this.section.getByRole('region', { name: `Errors: ${group}` });
  }

  rows(group?: string): Locator {
    return this.list(group).getByRole('listitem');
  }
}
