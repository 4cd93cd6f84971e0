import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, chromium, type Page } from 'playwright-core';

const artifacts = new URL('../artifacts/', import.meta.url).pathname;
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Debian's Chromium with the flags DESIGN.md §7 names. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

export const phone = { width: 390, height: 844 } as const;
export const tablet = { width: 1024, height: 768 } as const;

/** Saves the page at phone (390 px) and tablet (1024 px) widths under e2e/artifacts/. */
export async function screenshots(page: Page, name: string) {
  mkdirSync(artifacts, { recursive: true });
  const original = page.viewportSize();
  for (const size of [phone, tablet]) {
    await page.setViewportSize(size);
    await page.screenshot({ path: `${artifacts}${name}-${size.width}.png` });
  }
  if (original) await page.setViewportSize(original);
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core in the page; returns the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  // Runtime.evaluate is not subject to the page's Content-Security-Policy.
  await page.evaluate(axeSource);
  const result = (await page.evaluate('axe.run(document, { resultTypes: ["violations"] })')) as {
    violations: AxeViolation[];
  };
  return result.violations.filter(
    (violation) => violation.impact === 'serious' || violation.impact === 'critical',
  );
}

/** A readable summary for a failed assertion. */
export function describeViolations(violations: AxeViolation[]) {
  return violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} @ ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}

/** Visible buttons, links, fields and choice rows smaller than 44 px tall (touch targets). */
export async function smallTouchTargets(page: Page): Promise<string[]> {
  return (await page.evaluate(`[...document.querySelectorAll('button, a[href], select, input, textarea, label:has(input)')]
    .filter((element) => !element.matches('input[type=checkbox], input[type=radio], label input'))
    .filter((element) => !element.closest('.sr-only'))
    .map((element) => [element, element.getBoundingClientRect()])
    .filter(([, box]) => box.width > 0 && box.height > 0 && box.height < 44)
    .map(([element, box]) => element.tagName.toLowerCase() + ' "' + (element.textContent || element.getAttribute('aria-label') || '').trim().slice(0, 30) + '" ' + Math.round(box.height) + 'px')`)) as string[];
}

/** What the focused element is called: its aria-label, its label's text, or its own text. */
const focusedName = `(() => {
  const element = document.activeElement;
  if (!element || element === document.body) return '';
  const labelled = element.getAttribute('aria-label')
    ?? element.labels?.[0]?.textContent
    ?? element.textContent
    ?? '';
  return labelled.replace(/\\s+/g, ' ').trim();
})()`;

/**
 * Presses Tab (only the keyboard) until the focused control's name matches; fails after
 * `presses` with the names it passed, so a control the keyboard cannot reach is named.
 */
export async function tabTo(page: Page, name: RegExp, presses = 150): Promise<void> {
  const passed: string[] = [];
  for (let press = 0; press < presses; press++) {
    await page.keyboard.press('Tab');
    const focused = (await page.evaluate(focusedName)) as string;
    if (name.test(focused)) return;
    passed.push(focused);
  }
  throw new Error(`${name} is not reachable with Tab; focus passed: ${passed.slice(0, 60).join(' | ')}`);
}
