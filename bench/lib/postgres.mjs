// Creates the database named in DATABASE_URL when it does not exist yet, so that
// `DATABASE_URL=postgres://…/brigade_bench npm run bench` works on a fresh server.
import pg from 'pg';

const invalidCatalogName = '3D000';

/**
 * @param {string} url
 * @returns {Promise<boolean>} whether it had to be created
 */
export async function ensureDatabase(url) {
  const probe = new pg.Client({ connectionString: url });
  try {
    await probe.connect();
    return false;
  } catch (error) {
    if (/** @type {{ code?: string }} */ (error).code !== invalidCatalogName) throw error;
  } finally {
    await probe.end().catch(() => undefined);
  }
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  target.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: target.href });
  await admin.connect();
  try {
    await admin.query(`create database ${pg.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
  return true;
}
