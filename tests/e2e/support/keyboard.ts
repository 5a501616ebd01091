/** Moving focus the way a keyboard user does: Tab until the wanted control has it. */
import { expect, type Locator, type Page } from '@playwright/test';

export async function tabTo(
  page: Page,
  target: Locator,
  options: { maxPresses?: number; shift?: boolean } = {},
) {
  const max = options.maxPresses ?? 60;
  await expect(target).toBeVisible();
  for (let presses = 0; presses <= max; presses++) {
    const focused = await target
      .evaluate(
        (element) => element.ownerDocument.hasFocus() && element.ownerDocument.activeElement === element,
      )
      .catch(() => false);
    if (focused) return;
    await page.keyboard.press(options.shift ? 'Shift+Tab' : 'Tab');
  }
  await expect(target, `Tab never reached the control after ${max} presses`).toBeFocused();
}
