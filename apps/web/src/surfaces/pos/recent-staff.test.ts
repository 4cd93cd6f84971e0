import { describe, expect, it } from 'vitest';
import { withoutRecent, withRecent } from './recent-staff.js';

const asha = { name: 'Asha', email: 'asha@spiceroute.example' };
const ravi = { name: 'Ravi', email: 'ravi@spiceroute.example' };

describe('the device’s recent staff', () => {
  it('puts the latest person first, once, whatever the e-mail’s case', () => {
    const list = withRecent(withRecent([], asha), ravi);
    expect(list).toEqual([ravi, asha]);
    const again = withRecent(list, { name: 'Asha K', email: 'ASHA@spiceroute.example' });
    expect(again.map((entry) => entry.name)).toEqual(['Asha K', 'Ravi']);
  });

  it('keeps the eight most recent and forgets on request', () => {
    let list = withRecent([], asha);
    for (let n = 0; n < 10; n += 1)
      list = withRecent(list, { name: `Cook ${n}`, email: `cook${n}@x.example` });
    expect(list).toHaveLength(8);
    expect(list[0]!.name).toBe('Cook 9');
    expect(list.some((entry) => entry.email === asha.email)).toBe(false);
    expect(withoutRecent(list, 'COOK9@x.example').map((entry) => entry.name)[0]).toBe('Cook 8');
  });
});
