/**
 * The admin's own language: the host's language setting (Teams' Settings › Language) reaches the
 * tab as `app.locale`, and every word the tab shows comes from the catalogue in that language.
 *
 * The pseudo-locale test walks every text node (and every aria-label, title, placeholder) of each
 * screen in `qps-ploc`: text that is not pseudo-transformed is either data (a value the backend
 * sent, a date or number Intl formatted) or a string written in code instead of the catalogue —
 * which fails the test with the text and the source file it was found in.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Frame, Page } from '@playwright/test';
import { knownSkus } from '../../contracts/knownSkus';
import { isPseudo, pseudoMessage } from '../../src/i18n/pseudo';
import { ProfilePage } from './pages/profile-page';
import { demoProfileNames } from './support/demo';
import { test, expect } from './support/fixtures';

type Shown = { text: string; where: string; kind: 'text' | 'attribute'; inTime: boolean };

/** Every text a user (or a screen reader) gets from the frame's document. */
async function shownTexts(frame: Frame): Promise<Shown[]> {
  return frame.evaluate(() => {
    const out: Shown[] = [];
    const describe = (element: Element): string => {
      const parts: string[] = [];
      for (let e: Element | null = element; e && parts.length < 4; e = e.parentElement) {
        const role = e.getAttribute('role');
        parts.unshift(`${e.tagName.toLowerCase()}${role ? `[role=${role}]` : ''}`);
      }
      return parts.join(' > ');
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeType === Node.TEXT_NODE) {
        const parent = node.parentElement;
        const text = node.textContent?.trim() ?? '';
        if (!parent || !text || parent.closest('script, style, noscript')) continue;
        out.push({ text, where: describe(parent), kind: 'text', inTime: !!parent.closest('time') });
      } else {
        const element = node as Element;
        for (const attribute of ['aria-label', 'title', 'placeholder', 'alt']) {
          const value = element.getAttribute(attribute)?.trim();
          if (value)
            out.push({
              text: value,
              where: `${describe(element)} @${attribute}`,
              kind: 'attribute',
              inTime: false,
            });
        }
      }
    }
    return out;
  });
}

/** Every string value in the JSON the tab received from its backend: the data it shows. */
function recordDataValues(page: Page): Set<string> {
  const values = new Set<string>();
  const collect = (value: unknown) => {
    if (typeof value === 'string') values.add(value.trim());
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  page.context().on('response', (response) => {
    if (!new URL(response.url()).pathname.startsWith('/api/')) return;
    if (!(response.headers()['content-type'] ?? '').includes('json')) return;
    void response.json().then(collect, () => undefined);
  });
  return values;
}

/** Product names and formats that are the same in every language. */
const sameEverywhere = [
  /^(SDS Profiles|School Data Sync|Microsoft Teams|Microsoft Graph|Microsoft Entra ID|CSV|PowerSchool|OneRoster|SDS)$/,
  // Numbers, ranges, punctuation and separators.
  /^[\d\s.,:;·–—/()%*+\-−]+$/,
  // Dates and times Intl formatted for the pseudo-locale (which Intl reads as English).
  /^(\d{1,2} )?(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b.*\d/,
];

/** Microsoft's license names, which its admin center shows the same in every language. */
const skuNames = Object.values(knownSkus);

function isData(shown: Shown, data: Set<string>): boolean {
  if (shown.inTime || isPseudo(shown.text)) return true;
  if (sameEverywhere.some((pattern) => pattern.test(shown.text))) return true;
  if (skuNames.some((name) => shown.text === name || shown.text.startsWith(`${name} (`))) return true;
  if (data.has(shown.text)) return true;
  // A value inside a sentence ("Data provider: CSV" is pseudo, the value alone is its own node).
  return [...data].some(
    (value) => value.length > 3 && shown.text.includes(value) && shown.text.length - value.length < 4,
  );
}

const srcDir = path.resolve(import.meta.dirname, '..', '..', 'src');
// The editor's section and field names live in contracts/ (shared with the server's history).
const contractsDir = path.resolve(import.meta.dirname, '..', '..', 'contracts');
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'i18n' ? [] : sourceFiles(full);
    return /\.tsx?$/.test(name) ? [full] : [];
  });
}

function hitsOf(text: string): string[] {
  const needle = text.slice(0, 40);
  const hits: string[] = [];
  for (const file of [...sourceFiles(srcDir), ...sourceFiles(contractsDir)]) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, index) => {
        if (line.includes(needle)) hits.push(`${path.relative(path.dirname(srcDir), file)}:${index + 1}`);
      });
  }
  return hits;
}

/** Where in src/ a string not from the catalogue is written (first 40 characters searched). */
function sourceOf(text: string): string {
  const hits = hitsOf(text);
  if (hits.length === 0) return 'not found verbatim in src/ (a library default, or built from parts)';
  return hits.length > 5 ? `${hits.slice(0, 5).join(', ')} and ${hits.length - 5} more` : hits.join(', ');
}

async function expectAllFromCatalogue(frame: Frame, data: Set<string>, screen: string) {
  const offenders = (await shownTexts(frame)).filter((shown) => !isData(shown, data));
  const report = offenders.map((o) => `  "${o.text}" (${o.kind} in ${o.where}) — ${sourceOf(o.text)}`);
  expect(
    report,
    `${screen}: text not taken from the catalogue (src/i18n/locales/en/*.json):\n${report.join('\n')}`,
  ).toEqual([]);
}

test('every word of the dashboard, a profile and the tab settings comes from the catalogue (pseudo-locale)', async ({
  teamsHost,
  page,
}) => {
  const data = recordDataValues(page);
  await teamsHost.open({ persona: 'admin@contoso', tab: 'personal', locale: 'qps-ploc' });
  const frame = await teamsHost.tabFrame();
  await expect(teamsHost.tab.getByRole('heading', { level: 1 })).toHaveText(/^\[.*\]$/);
  await expect(teamsHost.tab.getByRole('article')).toHaveCount(10);
  await expectAllFromCatalogue(frame, data, 'Dashboard');

  await teamsHost.tab.getByRole('button', { name: demoProfileNames.tailspin, exact: true }).click();
  await expect(new ProfilePage(teamsHost.tab).heading(demoProfileNames.tailspin)).toBeVisible();
  // The editor (its own lazy chunk) is on the page too.
  await expect(
    teamsHost.tab.getByRole('heading', { level: 2, name: pseudoMessage('Profile settings') }),
  ).toBeVisible();
  await expectAllFromCatalogue(frame, data, 'Profile page');

  // The editor: every section open, two changes, the review dialog, then matching instead of creating.
  const editor = teamsHost.tab.getByRole('region', { name: pseudoMessage('Profile settings') });
  // Accordion headers only (the role dropdowns say aria-expanded too).
  const closed = editor.locator('.fui-AccordionHeader__button[aria-expanded="false"]');
  while ((await closed.count()) > 0) await closed.first().click();
  await expect(editor.getByRole('button', { name: pseudoMessage('Provider connection') })).toHaveAttribute(
    'aria-expanded',
    'true',
  );
  await expectAllFromCatalogue(frame, data, 'Editor, every section open');

  await editor.getByRole('textbox', { name: pseudoMessage('Profile name') }).fill('Tailspin renamed');
  data.add('Tailspin renamed');
  await editor.getByRole('switch', { name: pseudoMessage('Replace unsupported special characters') }).click();
  await teamsHost.tab.getByRole('button', { name: pseudoMessage('Review changes') }).click();
  const review = teamsHost.tab.getByRole('dialog');
  await expect(review.getByRole('listitem')).toHaveCount(2);
  await expectAllFromCatalogue(frame, data, 'Review dialog');
  await review.getByRole('button', { name: pseudoMessage('Keep editing') }).click();
  await expect(review).toBeHidden();

  const matching = editor.getByRole('radio', { name: pseudoMessage('Match existing accounts') });
  await matching.check();
  await expect(matching).toBeChecked();
  await expectAllFromCatalogue(frame, data, 'Editor, the other identity method');

  await teamsHost.selectTab('configure');
  await expect(teamsHost.tab.getByRole('heading', { level: 1 })).toHaveText(/^\[.*\]$/);
  await teamsHost.tab.getByRole('radio').nth(1).check();
  await expect(teamsHost.tab.getByRole('combobox')).toBeVisible();
  await expectAllFromCatalogue(await teamsHost.tabFrame(), data, 'Tab settings');
});

test('the dashboard in Spanish when the Teams host’s language is Spanish', async ({ teamsHost }) => {
  await teamsHost.open({ persona: 'admin@contoso', tab: 'personal', locale: 'es-es' });
  const context = await teamsHost.waitForLog(
    (e) => e.direction === 'out' && e.func === 'getContext',
    'the tab never asked for its context',
  );
  expect(context.args[0]).toMatchObject({ locale: 'es-es' });
  const tab = teamsHost.tab;
  await expect(tab.getByRole('heading', { level: 1, name: 'Perfiles de SDS' })).toBeVisible();
  const cards = tab.getByRole('list', { name: 'Perfiles' }).getByRole('article');
  await expect(cards).toHaveCount(10);
  const tailspin = cards.filter({ has: tab.getByRole('button', { name: demoProfileNames.tailspin }) });
  await expect(tailspin.getByText('Estado de sincronización: En pausa')).toBeVisible();
  await expect(tailspin.getByText('Última sincronización correcta')).toBeVisible();
  // Counts, plurals and relative times in Spanish (Intl), the page marked as Spanish.
  await expect(tab.getByText(/requieren? atención/)).toBeVisible();
  await expect(tab.getByText(/^Actualizado (hace|ahora)/)).toBeVisible();
  expect(await (await teamsHost.tabFrame()).evaluate(() => document.documentElement.lang)).toBe('es-ES');

  // French too, after the admin switches Teams' language (Teams restarts the app).
  await teamsHost.page.getByLabel('Language').selectOption('fr-ca');
  await expect(tab.getByRole('heading', { level: 1, name: 'Profils SDS' })).toBeVisible();
  await expect(tab.getByText(/^Mis à jour /)).toBeVisible();
});
