/** The profile editor: accordion sections, the save footer and the review dialog. */
import { expect, type Locator } from '@playwright/test';
import type { TabRoot } from './root';

/** Section titles as the editor shows them (the Students section is the student customization). */
export type EditorSection =
  | 'General'
  | 'Schools'
  | 'Sections'
  | 'Students'
  | 'Teachers'
  | 'Student enrollments'
  | 'Teacher rosters'
  | 'Identity'
  | 'Licenses'
  | 'Provider connection';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class Editor {
  readonly region: Locator;
  readonly readOnlyNotice: Locator;
  readonly footer: Locator;
  readonly reviewButton: Locator;
  readonly discardButton: Locator;
  readonly reviewDialog: Locator;
  readonly changesToSave: Locator;
  readonly saveChangesButton: Locator;
  readonly savedMessage: Locator;
  readonly profileName: Locator;
  /** The dialog shown when someone else saved first (a 412) or a draft is older than the profile. */
  readonly conflictDialog: Locator;
  readonly theirChanges: Locator;
  readonly myChanges: Locator;
  readonly discardMineButton: Locator;
  readonly reapplyMineButton: Locator;

  constructor(readonly root: TabRoot) {
    this.region = root.getByRole('region', { name: 'Profile settings' });
    this.readOnlyNotice = this.region.getByText(/^Editing is turned off/);
    this.footer = root.getByRole('region', { name: 'Save changes' });
    this.reviewButton = this.footer.getByRole('button', { name: 'Review changes' });
    this.discardButton = this.footer.getByRole('button', { name: 'Discard changes' });
    this.reviewDialog = root.getByRole('dialog', { name: 'Review changes' });
    this.changesToSave = this.reviewDialog
      .getByRole('list', { name: 'Changes to save' })
      .getByRole('listitem');
    this.saveChangesButton = this.reviewDialog.getByRole('button', { name: 'Save changes' });
    this.savedMessage = this.region.getByText('Changes saved', { exact: true });
    this.profileName = this.region.getByRole('textbox', { name: 'Profile name' });
    this.conflictDialog = root.getByRole('dialog', { name: /changed (this profile|since your draft)/ });
    this.theirChanges = this.conflictDialog
      .getByRole('list', { name: 'Changes made by someone else' })
      .getByRole('listitem');
    this.myChanges = this.conflictDialog.getByRole('list', { name: 'Your changes' }).getByRole('listitem');
    this.discardMineButton = this.conflictDialog.getByRole('button', { name: 'Discard my changes' });
    this.reapplyMineButton = this.conflictDialog.getByRole('button', { name: 'Reapply my changes' });
  }

  /** The accordion header of a section ("Students", possibly followed by "Edited"). */
  sectionHeader(section: EditorSection): Locator {
    return this.region.getByRole('button', { name: new RegExp(`^${escape(section)}(\\b|:|$)`) });
  }

  async openSection(section: EditorSection): Promise<void> {
    const header = this.sectionHeader(section);
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    await expect(header).toHaveAttribute('aria-expanded', 'true');
  }

  /** The "sync all optional properties" switch of an entity ("Students"). */
  syncAllOptional(entityLabel: string): Locator {
    return this.region.getByRole('switch', { name: `${entityLabel}: sync all optional properties` });
  }

  optionalPropertiesInput(entityLabel: string): Locator {
    return this.region.getByRole('combobox', { name: `${entityLabel}: optional properties to sync` });
  }

  selectedOptionalProperties(entityLabel: string): Locator {
    return this.region.getByRole('listbox', { name: `Selected ${entityLabel.toLowerCase()} properties` });
  }

  /** Adds an optional property by typing its name and choosing it from the list. */
  async addOptionalProperty(entityLabel: string, property: string): Promise<void> {
    const input = this.optionalPropertiesInput(entityLabel);
    await input.click();
    await input.fill(property);
    await this.root.getByRole('option', { name: property, exact: true }).click();
  }

  deferSync(entityLabel: string): Locator {
    return this.region.getByRole('switch', { name: `${entityLabel}: defer sync` });
  }

  /** The SKU field of a license assignment (both counted from 1, as the editor labels them). */
  sku(assignment: number, sku: number): Locator {
    return this.region.getByRole('combobox', { name: `License assignment ${assignment}: SKU ${sku}` });
  }

  unsavedChanges(): Locator {
    return this.footer.getByText(/unsaved change/);
  }

  /** Review the changes and save, expecting the conflict dialog instead of "Changes saved". */
  async reviewAndMeetConflict(expectedChanges: number): Promise<void> {
    await this.reviewButton.click();
    await expect(this.changesToSave).toHaveCount(expectedChanges);
    await this.saveChangesButton.click();
    await expect(this.conflictDialog).toBeVisible();
  }

  /** Review the changes, check what will be saved, and save. */
  async reviewAndSave(expectedChanges: number): Promise<void> {
    await this.reviewButton.click();
    await expect(this.reviewDialog).toBeVisible();
    await expect(this.changesToSave).toHaveCount(expectedChanges);
    await this.saveChangesButton.click();
    await expect(this.savedMessage).toBeVisible();
  }
}
