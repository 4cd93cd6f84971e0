// Lighthouse-style page loads in Debian Chromium: a phone viewport, Lighthouse's mobile
// throttling (4× CPU slowdown, "Slow 4G": 150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up), a cold
// cache each time, and the same metrics Lighthouse budgets: First and Largest Contentful Paint,
// Total Blocking Time, Cumulative Layout Shift, and the bytes transferred (all and JavaScript).
import { chromium } from 'playwright-core';

export const mobileThrottling = {
  cpuSlowdown: 4,
  latencyMs: 150,
  downloadBytesPerSecond: (1.6 * 1024 * 1024) / 8,
  uploadBytesPerSecond: (750 * 1024) / 8,
};

/** Lighthouse's "good" thresholds (mobile) and the JavaScript budget for the guest. */
export const pageBudget = [
  { metric: 'FCP', unit: 'ms', limit: 1800 },
  { metric: 'LCP', unit: 'ms', limit: 2500 },
  { metric: 'TBT', unit: 'ms', limit: 200 },
  { metric: 'CLS', unit: '', limit: 0.1 },
  { metric: 'JS', unit: 'KB', limit: 150 },
  { metric: 'transfer', unit: 'KB', limit: 500 },
];

// In-page scripts (strings: they run in the browser, not in Node). The first observes paints,
// long tasks and layout shifts from the start of the load; the second reads the metrics and the
// bytes of every response once the page settled.
const observe = `
  const seen = (window.__pageLoad = { fcp: null, lcp: null, longTasks: [], cls: 0 });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (entry.name === 'first-contentful-paint') seen.fcp = entry.startTime;
  }).observe({ type: 'paint', buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) seen.lcp = entry.startTime;
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) seen.longTasks.push([entry.startTime, entry.duration]);
  }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) seen.cls += entry.value;
  }).observe({ type: 'layout-shift', buffered: true });
`;

// Total Blocking Time: the part of each long task after First Contentful Paint beyond 50 ms.
const read = `(() => {
  const seen = window.__pageLoad;
  const entries = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')];
  const bytes = (list) => list.reduce((sum, entry) => sum + entry.transferSize, 0);
  const fcp = seen.fcp ?? 0;
  const tbt = seen.longTasks
    .filter(([start]) => start >= fcp)
    .reduce((sum, [, duration]) => sum + Math.max(0, duration - 50), 0);
  return {
    FCP: seen.fcp,
    LCP: seen.lcp,
    TBT: tbt,
    CLS: seen.cls,
    JS: bytes(entries.filter((entry) => entry.initiatorType === 'script' || entry.name.endsWith('.js'))) / 1024,
    transfer: bytes(entries) / 1024,
  };
})()`;

/** @param {number[]} values @param {number} p */
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};

/**
 * Loads `pageUrl` `loads` times cold under mobile throttling and waits for `readySelector`.
 * Reported like a load measurement: req/s = page loads per second at the median LCP
 * (1000 / LCP p50), p50/p95 = LCP; `budget` holds the median of every Lighthouse metric against
 * its limit. Errors count loads that did not get ready.
 * @param {string} pageUrl
 * @param {{ readySelector: string, loads?: number }} options
 * @returns {Promise<import('./load.mjs').Measurement>}
 */
export async function measurePageLoads(pageUrl, { readySelector, loads = 5 }) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    /** @type {Record<string, number>[]} */
    const runs = [];
    let errors = 0;
    // One unmeasured load first: the server's own first-request work is not the page's.
    for (let index = 0; index <= loads; index += 1) {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: mobileThrottling.latencyMs,
        downloadThroughput: mobileThrottling.downloadBytesPerSecond,
        uploadThroughput: mobileThrottling.uploadBytesPerSecond,
      });
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: mobileThrottling.cpuSlowdown });
      await page.addInitScript(observe);
      try {
        await page.goto(pageUrl, { waitUntil: 'load', timeout: 60_000 });
        await page.locator(readySelector).first().waitFor({ timeout: 60_000 });
        // Let the last paints and long tasks be recorded before reading.
        await page.waitForTimeout(500);
        if (index > 0) runs.push(/** @type {Record<string, number>} */ (await page.evaluate(read)));
      } catch {
        if (index > 0) errors += 1;
      } finally {
        await context.close();
      }
    }
    const median = (/** @type {string} */ metric) =>
      percentile(
        runs.map((run) => run[metric] ?? 0),
        50,
      );
    const lcps = runs.map((run) => run.LCP ?? 0);
    const lcp50 = percentile(lcps, 50);
    return {
      requestsPerSecond: lcp50 > 0 ? 1000 / lcp50 : 0,
      latencyP50: Math.round(lcp50 * 10) / 10,
      latencyP95: Math.round(percentile(lcps, 95) * 10) / 10,
      latencyP99: null,
      errors,
      non2xx: 0,
      budget: pageBudget.map(({ metric, unit, limit }) => {
        const digits = unit === 'ms' ? 0 : unit === 'KB' ? 1 : 3;
        const value = Number(median(metric).toFixed(digits));
        return { metric, unit, value, limit, met: value <= limit };
      }),
    };
  } finally {
    await browser.close();
  }
}
