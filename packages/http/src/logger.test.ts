import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loggerOptions, maskCardNumbers, requestChildLogger } from './logger.js';

describe('requestChildLogger', () => {
  it('logs what a pino child with the same bindings logs, redaction and level included', () => {
    const lines: Record<string, unknown>[] = [];
    const root = pino(loggerOptions('info'), {
      write: (line: string) => lines.push({ ...JSON.parse(line), time: null }),
    });
    const ours = requestChildLogger(root, { request_id: 'req-1' }, {});
    const theirs = root.child({ request_id: 'req-1' });
    for (const logger of [ours, theirs]) {
      logger.info({ body: { password: 'Password@123' } }, 'signed in');
      logger.debug('below the level');
      logger.child({ step: 2 }).warn('nested');
    }
    expect(lines).toHaveLength(4);
    expect(lines.slice(0, 2)).toEqual(lines.slice(2));
    expect(lines[0]).toMatchObject({ request_id: 'req-1', body: { password: '[redacted]' } });
    expect(lines[1]).toMatchObject({ request_id: 'req-1', step: 2, level: 'warn' });
    // Following the parent's level, as a pino child does.
    root.level = 'warn';
    ours.info('now below the level');
    expect(lines).toHaveLength(4);
  });

  it('hands a route with its own level to pino', () => {
    const root = pino(loggerOptions('info'), { write: () => undefined });
    expect(requestChildLogger(root, { request_id: 'r' }, { level: 'error' }).level).toBe('error');
  });
});

describe('card masking', () => {
  it('masks card-like numbers with a valid Luhn digit, spaced, dashed or not', () => {
    expect(maskCardNumbers('paid with 4242 4242 4242 4242 today')).toBe('paid with [card ****4242] today');
    expect(maskCardNumbers('{"pan":"4111-1111-1111-1111"}')).toBe('{"pan":"[card ****1111]"}');
    expect(maskCardNumbers('4000056655665556')).toBe('[card ****5556]');
  });

  it('leaves ids, order numbers and other digits alone', () => {
    const uuid = '11111111-1111-4111-8111-111111111111';
    expect(maskCardNumbers(`tenant ${uuid}`)).toBe(`tenant ${uuid}`);
    expect(maskCardNumbers('ORD_20261122_001, 3 × 45000 paise')).toBe('ORD_20261122_001, 3 × 45000 paise');
    expect(maskCardNumbers('4242 4242 4242 4241')).toBe('4242 4242 4242 4241');
  });
});
