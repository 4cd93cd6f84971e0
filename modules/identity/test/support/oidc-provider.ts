import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface FixtureAccount {
  sub: string;
  email: string;
  email_verified: boolean;
  name: string;
}

export interface FixtureClient {
  client_id: string;
  /** Confidential client (client_secret_basic); absent → public client (PKCE only). */
  client_secret?: string;
  redirect_uris: string[];
}

export interface RunningOidcProvider {
  issuer: string;
  stop(): Promise<void>;
}

const script = new URL('./oidc-provider-server.mjs', import.meta.url);
const startupTimeoutMs = 10_000;

function firstLine(child: ChildProcess, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    if (!child.stdout) throw new Error('child has no stdout');
    const lines = createInterface({ input: child.stdout });
    const onExit = (code: number | null) => fail(new Error(`OIDC provider exited with code ${code}`));
    const settle = () => {
      clearTimeout(timer);
      lines.close();
      child.off('error', fail).off('exit', onExit);
    };
    const fail = (error: Error) => {
      settle();
      reject(new Error(`${error.message}\n${stderr()}`));
    };
    const timer = setTimeout(() => fail(new Error('OIDC provider did not start in time')), startupTimeoutMs);
    lines.once('line', (line) => {
      settle();
      resolve(line);
    });
    child.once('error', fail).once('exit', onExit);
  });
}

async function waitForDiscovery(issuer: string): Promise<void> {
  const deadline = Date.now() + startupTimeoutMs;
  for (;;) {
    try {
      const response = await fetch(`${issuer}/.well-known/openid-configuration`);
      if (response.ok) return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error('OIDC discovery never answered');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Starts `oidc-provider` in a child process on a free port of 127.0.0.1. */
export async function startOidcProvider(config: {
  accounts: FixtureAccount[];
  clients: FixtureClient[];
  /** Put email and profile claims in the ID token too (default: userinfo only). */
  claimsInIdToken?: boolean;
}): Promise<RunningOidcProvider> {
  const child = spawn(process.execPath, [fileURLToPath(script)], {
    env: { ...process.env, OIDC_FIXTURE_CONFIG: JSON.stringify(config) },
    // The child exits when its stdin closes, so it never outlives this process.
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  const stop = async () => {
    process.off('exit', kill);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    const { issuer } = JSON.parse(await firstLine(child, () => stderr)) as { issuer: string };
    await waitForDiscovery(issuer);
    return { issuer, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export interface AuthorizationResult {
  code: string;
  state: string;
  /** The final redirect to the client's redirect_uri, with every parameter (`iss` too). */
  redirect: URL;
}

/** Cookies by name, with the path each was set for: enough for one provider on one host. */
class CookieJar {
  readonly #cookies = new Map<string, { value: string; path: string }>();

  store(response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator);
      const value = pair.slice(separator + 1);
      const attribute = (key: string) =>
        attributes.find((part) => part.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
      const expires = attribute('expires');
      if (value === '' || (expires !== undefined && new Date(expires).getTime() <= Date.now())) {
        this.#cookies.delete(name);
      } else {
        this.#cookies.set(name, { value, path: attribute('path') ?? '/' });
      }
    }
  }

  header(url: URL): string {
    return [...this.#cookies]
      .filter(([, cookie]) => url.pathname.startsWith(cookie.path))
      .map(([name, cookie]) => `${name}=${cookie.value}`)
      .join('; ');
  }
}

const sameEndpoint = (a: URL, b: URL) => a.origin === b.origin && a.pathname === b.pathname;

/**
 * Plays the browser: follows the authorization URL's redirects to the login page, signs in as
 * `sub`, and follows on until the provider redirects to the client's redirect_uri.
 */
export async function authorizeAs(authorizationUrl: string | URL, sub: string): Promise<AuthorizationResult> {
  const start = new URL(authorizationUrl);
  const redirectUri = new URL(start.searchParams.get('redirect_uri') ?? '');
  const jar = new CookieJar();
  let request: { url: URL; method: 'GET' | 'POST'; body?: URLSearchParams } = { url: start, method: 'GET' };
  for (let hop = 0; hop < 10; hop++) {
    const cookie = jar.header(request.url);
    const response = await fetch(request.url, {
      method: request.method,
      redirect: 'manual',
      headers: cookie ? { cookie } : {},
      ...(request.body ? { body: request.body } : {}),
    });
    jar.store(response);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      const next = new URL(location, request.url);
      if (sameEndpoint(next, redirectUri)) return toResult(next);
      request = { url: next, method: 'GET' };
      continue;
    }
    const body = await response.text();
    const form = /<form method="post" action="([^"]+)"/.exec(body);
    if (response.status !== 200 || !form?.[1]) {
      throw new Error(`Unexpected answer from the provider: ${response.status} ${body.slice(0, 300)}`);
    }
    request = {
      url: new URL(form[1], request.url),
      method: 'POST',
      body: new URLSearchParams({ login: sub }),
    };
  }
  throw new Error('Too many redirects');
}

function toResult(redirect: URL): AuthorizationResult {
  const error = redirect.searchParams.get('error');
  if (error)
    throw new Error(`Authorization failed: ${error} ${redirect.searchParams.get('error_description') ?? ''}`);
  const code = redirect.searchParams.get('code');
  const state = redirect.searchParams.get('state');
  if (!code || !state) throw new Error(`No code or state in ${redirect.href}`);
  return { code, state, redirect };
}
