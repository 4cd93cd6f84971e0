import type { MessageKey, Translate } from '../../../ui/i18n.js';
import { fieldErrors } from '../../../ui/problem.js';

/** A form's own checks: the message of each field that is wrong. */
export type Checks<F extends string> = Partial<Record<F, MessageKey>>;

/**
 * The error to show under each field: the form's own check (once the person tried to save),
 * else the server's error for that field — matched by the first segment of its path, so
 * `variants.1.price` lands on the variants field; `aliases` names the form field of a body
 * field the form spells differently (`starts_at` → `date`).
 */
export function shownErrors<F extends string>(
  t: Translate,
  checks: Checks<F>,
  serverError: unknown,
  aliases: Record<string, NoInfer<F>> = {},
): Partial<Record<F, string>> {
  const shown: Partial<Record<F, string>> = {};
  for (const [path, message] of Object.entries(fieldErrors(serverError))) {
    const first = path.split(/[.[]/)[0] ?? path;
    const field = aliases[first] ?? (first as F);
    shown[field] ??= message;
  }
  for (const [field, key] of Object.entries(checks) as [F, MessageKey][]) shown[field] = t(key);
  return shown;
}

export const hasErrors = (checks: Checks<string>) => Object.keys(checks).length > 0;

/** Lower-case identifiers as the API takes them (allergens, tags, stations): `gluten_free`. */
export const identifierPattern = /^[a-z][a-z0-9_]{0,39}$/;

/** "Dairy, gluten free" → ['dairy', 'gluten_free'] (what a person types → identifiers). */
export function identifierList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(',')
        .map((entry) =>
          entry
            .trim()
            .toLowerCase()
            .replace(/[\s-]+/g, '_'),
        )
        .filter(Boolean),
    ),
  ];
}
