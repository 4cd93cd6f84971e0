import { z } from 'zod';

/** Thrown when the environment does not describe a runnable configuration. Names every bad variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`);
  }
}

/**
 * Parses `env` with a Zod object schema whose keys are the variable names. Empty strings
 * count as unset, so `FOO= npm start` falls back to the default instead of failing oddly.
 */
export function parseConfig<S extends z.ZodObject>(
  schema: S,
  env: Record<string, string | undefined>,
): z.output<S> {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const byVariable = new Map<string, string[]>();
  for (const issue of result.error.issues) {
    const variable = issue.path.map(String).join('.') || '(config)';
    byVariable.set(variable, [...(byVariable.get(variable) ?? []), issue.message]);
  }
  throw new ConfigError(
    [...byVariable].map(([variable, messages]) => ({ variable, message: messages.join('; ') })),
  );
}

const flag = () =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'], { message: 'expected true or false' })
    .transform((value) => ['true', '1', 'yes', 'on'].includes(value));

/** Environment-friendly schema pieces. */
export const env = {
  port: (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback),
  int: (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback),
  bool: (fallback: boolean) => flag().default(fallback),
  /** A boolean with no default: undefined when unset. */
  flag: () => flag().optional(),
  url: (protocols: string[]) =>
    z
      .url({ message: `expected a URL (${protocols.join(', ')})` })
      .refine((value) => protocols.some((protocol) => value.startsWith(`${protocol}:`)), {
        message: `expected a URL with scheme ${protocols.join(' or ')}`,
      }),
  list: () =>
    z.string().transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    ),
};
