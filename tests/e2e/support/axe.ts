/**
 * Runs axe-core inside the tab frame. The tab's CSP forbids injected <script> tags, so axe's
 * source is evaluated through the DevTools protocol (not subject to CSP), as a test tool would.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Frame, Page } from '@playwright/test';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export type AxeViolation = { id: string; impact: string | null; help: string; targets: string[] };

/** Serious and critical violations on what the frame shows now. */
export async function seriousAxeViolations(target: Frame | Page): Promise<AxeViolation[]> {
  await target.evaluate(`${axeSource}\n;void 0;`);
  const violations = await target.evaluate(async () => {
    type AxeNode = { target: unknown[]; html: string };
    type AxeResults = { violations: { id: string; impact: string | null; help: string; nodes: AxeNode[] }[] };
    const axe = (
      window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeResults> } }
    ).axe;
    const results = await axe.run(document, { resultTypes: ['violations'] });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(' '), html: n.html })),
    }));
  });
  return violations
    .map((v) => ({
      ...v,
      // Fluent's focus manager (tabster) puts aria-hidden focusable <i data-tabster-dummy> around
      // groups on purpose: a known false positive of this rule, and only this one
      // (https://github.com/microsoft/tabster/issues/288, microsoft/fluentui#25133).
      nodes:
        v.id === 'aria-hidden-focus'
          ? v.nodes.filter((n) => !n.html.includes('data-tabster-dummy'))
          : v.nodes,
    }))
    .filter((v) => (v.impact === 'serious' || v.impact === 'critical') && v.nodes.length > 0)
    .map(({ nodes, ...v }) => ({ ...v, targets: nodes.map((n) => n.target) }));
}
