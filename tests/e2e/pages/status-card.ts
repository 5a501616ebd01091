/** One profile's status card (a dashboard tile, or the status section of a profile page). */
import type { Locator } from '@playwright/test';

export type BadgeSubject = 'Sync status' | 'Profile state';

export class StatusCard {
  constructor(readonly root: Locator) {}

  /** The badge, read as a screen reader reads it: "Sync status: Synced". */
  badge(subject: BadgeSubject): Locator {
    return this.root.getByText(new RegExp(`^${subject}: \\S`));
  }

  /** The profile name, a button on the dashboard. */
  get openButton(): Locator {
    return this.root.getByRole('heading').getByRole('button');
  }
}
