import { describe, expect, it } from 'vitest';
import { readSettings, topologyOf } from './environment.mjs';

describe('readSettings', () => {
  it('defaults to 10 s measured after a 2 s warm-up, on 50 connections, in 5 rounds when interleaved', () => {
    expect(readSettings({})).toEqual({ duration: 10, connections: 50, warmup: 2, rounds: 5 });
  });

  it('reads BENCH_DURATION, BENCH_CONNECTIONS, BENCH_WARMUP (which may be 0) and BENCH_ROUNDS', () => {
    const env = { BENCH_DURATION: '3', BENCH_CONNECTIONS: '8', BENCH_WARMUP: '0', BENCH_ROUNDS: '3' };
    expect(readSettings(env)).toEqual({ duration: 3, connections: 8, warmup: 0, rounds: 3 });
  });

  it.each([
    ['BENCH_DURATION', '0'],
    ['BENCH_CONNECTIONS', '2.5'],
    ['BENCH_WARMUP', 'soon'],
    ['BENCH_ROUNDS', '0'],
  ])('rejects %s=%s, naming the variable', (variable, value) => {
    expect(() => readSettings({ [variable]: value })).toThrow(new RegExp(`^${variable} must be an integer`));
  });
});

describe('topologyOf', () => {
  it('is embedded when no service URL is set', () => {
    expect(topologyOf({ DATABASE_URL: '' })).toBe('embedded');
  });

  it('names the services in use, in a fixed order', () => {
    expect(topologyOf({ AMQP_URL: 'amqp://x', DATABASE_URL: 'postgres://x', REDIS_URL: 'redis://x' })).toBe(
      'postgres+redis+rabbitmq',
    );
    expect(topologyOf({ DATABASE_URL: 'postgres://x' })).toBe('postgres');
  });
});
