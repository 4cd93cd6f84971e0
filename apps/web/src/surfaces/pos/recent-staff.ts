/** Who signed in on this device lately: name and e-mail only, never a password or token. */
export interface RecentStaff {
  name: string;
  email: string;
}

const storageKey = 'brigade.pos.recent-staff';
const keep = 8;

/** The list with `person` first (once, whatever the e-mail's case), at most `keep` long. */
export function withRecent(list: readonly RecentStaff[], person: RecentStaff): RecentStaff[] {
  const email = person.email.toLowerCase();
  return [person, ...list.filter((entry) => entry.email.toLowerCase() !== email)].slice(0, keep);
}

export function withoutRecent(list: readonly RecentStaff[], email: string): RecentStaff[] {
  return list.filter((entry) => entry.email.toLowerCase() !== email.toLowerCase());
}

export function loadRecentStaff(): RecentStaff[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(storageKey) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (entry): entry is RecentStaff =>
        typeof entry?.name === 'string' && typeof entry?.email === 'string' && entry.email.includes('@'),
    );
  } catch {
    return [];
  }
}

export function saveRecentStaff(list: readonly RecentStaff[]) {
  try {
    localStorage.setItem(storageKey, JSON.stringify(list));
  } catch {
    // storage blocked: the list lives until the tab closes
  }
}
