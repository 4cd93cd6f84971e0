import type { Api } from '../../../ui/api.js';
import type { StaffSession } from '../../../ui/staff.js';

/** An SVG image as a data: URL (the page's Content-Security-Policy allows data: images, not blob:). */
export async function svgDataUrl(api: Api, path: string) {
  const svg = await (await api.response(path)).text();
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/** A response body as an object URL (for a new tab); it lives as long as this page. */
export async function objectUrl(api: Api, path: string) {
  return URL.createObjectURL(await (await api.response(path)).blob());
}

interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

/** Every page of a list (the editor needs the whole draft, not 200 rows of it). */
export async function fetchAll<T>(session: StaffSession, path: string): Promise<T[]> {
  const rows: T[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const query: string = `limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page: Page<T> = await session.api.get<Page<T>>(`${path}${separator}${query}`);
    rows.push(...page.data);
    cursor = page.next_cursor;
  } while (cursor);
  return rows;
}
