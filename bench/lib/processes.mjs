// Starts a server process on a free loopback port, waits until it is ready, and stops it.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const host = '127.0.0.1';
const readyTimeoutMs = 60_000;
const stopTimeoutMs = 20_000;
const outputLimit = 16_384;

/**
 * @typedef {object} ProcessSpec
 * @property {string} name  identifies the process: targets naming the same one share an instance
 * @property {string[]} argv  the command and its arguments
 * @property {string} readyPath  polled until it answers 200
 * @property {(context: { scratchDir: string }) => Record<string, string>} [env]  added to the
 *   harness's own environment, beside HOST and PORT; scratchDir is a fresh directory removed on stop
 *
 * @typedef {object} RunningProcess
 * @property {string} url  e.g. http://127.0.0.1:41234
 * @property {() => Promise<void>} stop  SIGTERM, then waits for the exit (SIGKILL after 20 s)
 */

/** @returns {Promise<number>} a port nothing listens on right now */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * @param {string} url
 * @param {() => string | null} exitReason  non-null once the process has exited
 */
async function waitUntilReady(url, exitReason) {
  const deadline = Date.now() + readyTimeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    const exited = exitReason();
    if (exited) throw new Error(`exited (${exited}) before it was ready`);
    const status = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
      async (response) => {
        last = `${response.status} ${(await response.text()).slice(0, 500)}`;
        return response.status;
      },
      (error) => {
        last = error instanceof Error ? error.message : String(error);
        return 0;
      },
    );
    if (status === 200) return;
    await sleep(200);
  }
  throw new Error(`${url} did not answer 200 within ${readyTimeoutMs / 1000} s (last: ${last})`);
}

/**
 * @param {ProcessSpec} spec
 * @returns {Promise<RunningProcess>}
 */
export async function startProcess(spec) {
  const port = await freePort();
  const scratchDir = await mkdtemp(join(tmpdir(), `brigade-bench-${spec.name}-`));
  const [command, ...args] = spec.argv;
  const child = spawn(/** @type {string} */ (command), args, {
    env: { ...process.env, HOST: host, PORT: String(port), ...spec.env?.({ scratchDir }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  /** @param {Buffer} chunk */
  const keep = (chunk) => {
    output = (output + chunk.toString()).slice(-outputLimit);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  /** @type {string | null} */
  let exitReason = null;
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exitReason = signal ?? `code ${code}`;
      resolve(undefined);
    });
    child.once('error', (error) => {
      exitReason = error.message;
      resolve(undefined);
    });
  });

  const stop = async () => {
    if (exitReason === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
      await exited;
      clearTimeout(killer);
    }
    await rm(scratchDir, { recursive: true, force: true });
  };

  const url = `http://${host}:${port}`;
  try {
    await waitUntilReady(`${url}${spec.readyPath}`, () => exitReason);
  } catch (error) {
    await stop();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${spec.name} did not start: ${reason}\n--- its output ---\n${output.trimEnd()}`);
  }
  return { url, stop };
}
