import { readFileSync } from 'node:fs';
import { catalogMarkdown } from '@brigade/messaging';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { catalogConfig } from '../src/events.commands.js';
import { createRuntime } from '../src/runtime.js';

describe('events catalogue', () => {
  it('docs/events.md is the catalogue of this build (regenerate: brigade events catalog --markdown)', async () => {
    const runtime = await createRuntime(
      { ...catalogConfig(loadConfig({ LOG_LEVEL: 'silent' })), seedDemoData: false },
      { startEvents: false },
    );
    try {
      const catalog = runtime.events.catalog();
      expect(catalog.length).toBeGreaterThan(0);
      for (const entry of catalog) {
        expect(entry.type).toMatch(/^[a-z_]+\.[a-z_]+\.v\d+$/);
        expect(entry.producer).toBe(entry.type.split('.')[0]);
      }
      const documented = readFileSync(new URL('../../../docs/events.md', import.meta.url), 'utf8');
      expect(documented).toBe(catalogMarkdown(catalog));
    } finally {
      await runtime.close();
    }
  });
});
