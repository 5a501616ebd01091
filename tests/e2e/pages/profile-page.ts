/** One profile: its status, actions, sync errors and the editor. */
import type { Locator } from '@playwright/test';
import { Editor } from './editor';
import type { TabRoot } from './root';
import { StatusCard } from './status-card';

export class ProfilePage {
  readonly backButton: Locator;
  readonly refreshButton: Locator;
  readonly copyLinkButton: Locator;
  readonly status: StatusCard;
  readonly editor: Editor;

  constructor(readonly root: TabRoot) {
    this.backButton = root.getByRole('button', { name: 'All profiles' });
    this.refreshButton = root.getByRole('main').getByRole('button', { name: 'Refresh', exact: true });
    this.copyLinkButton = root.getByRole('main').getByRole('button', { name: /^(Copy link|Link copied)$/ });
    this.status = new StatusCard(root.getByRole('region', { name: 'Status' }).getByRole('article'));
    this.editor = new Editor(root);
  }

  heading(profileName: string): Locator {
    return this.root.getByRole('heading', { level: 1, name: profileName, exact: true });
  }
}
