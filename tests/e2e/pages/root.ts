import type { FrameLocator, Page } from '@playwright/test';

/**
 * Where a region's page object looks: the tab frame inside the Teams host emulator, or the page
 * itself when the frameless harness opens the tab top-level.
 */
export type TabRoot = Page | FrameLocator;
