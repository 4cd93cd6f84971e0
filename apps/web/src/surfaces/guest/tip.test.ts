import { describe, expect, it } from 'vitest';
import { tipInMinor, tipInput } from './tip.js';

const inr = { currency: 'INR', tip_options: [{ percent_bps: 1000, amount: 3140 }] };
const jpy = { currency: 'JPY', tip_options: [] };

describe('guest tips', () => {
  it('reads a custom amount in major units as exact minor units of the currency', () => {
    expect(tipInMinor({ kind: 'custom', text: '50' }, inr)).toBe(5000);
    expect(tipInMinor({ kind: 'custom', text: '12.1' }, inr)).toBe(1210);
    expect(tipInMinor({ kind: 'custom', text: ' 0,29 ' }, inr)).toBe(29);
    expect(tipInMinor({ kind: 'custom', text: '300' }, jpy)).toBe(300);
  });

  it('refuses what is not an amount of the currency', () => {
    for (const text of ['', '-5', '1.234', 'abc', '1e3', '12.']) {
      expect(tipInMinor({ kind: 'custom', text }, inr), text).toBeNull();
    }
    expect(tipInMinor({ kind: 'custom', text: '1.5' }, jpy)).toBeNull();
  });

  it('takes a preset from the check and sends it as its percentage', () => {
    const preset = { kind: 'preset', percent_bps: 1000 } as const;
    expect(tipInMinor(preset, inr)).toBe(3140);
    expect(tipInput(preset, 3140)).toEqual({ tip: { percent_bps: 1000 } });
    expect(tipInput({ kind: 'custom', text: '50' }, 5000)).toEqual({ tip: { amount: 5000 } });
    expect(tipInput({ kind: 'none' }, 0)).toEqual({});
  });
});
