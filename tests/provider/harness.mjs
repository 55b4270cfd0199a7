// Helpers for tests that need the provider and/or a browser. Reusable by other test suites.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const SERVER = fileURLToPath(new URL('./server.mjs', import.meta.url));
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
// Flags known to work with Debian's Chromium here (TOOLCHAIN.md): no sandbox as root,
// no background traffic to Google services the machine cannot reach.
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
];

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// Starts server.mjs as a child process and resolves once it prints READY.
// `lines` collects its stdout so tests can count TOKEN lines.
export async function startProvider(env = {}) {
  const port = env.PROVIDER_PORT || await freePort();
  const child = spawn(process.execPath, [SERVER], {
    env: { ...process.env, ...env, PROVIDER_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = [];
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const issuer = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`provider not READY in 15 s\n${stderr}`)), 15_000);
    let buffer = '';
    child.stdout.on('data', (d) => {
      buffer += d;
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        lines.push(line);
        const ready = /^READY (\S+)$/.exec(line);
        if (ready) { clearTimeout(timer); resolve(ready[1]); }
      }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`provider exited ${code}\n${stderr}`)); });
  });
  return {
    issuer,
    port,
    lines,
    stderr: () => stderr,
    stop() {
      if (child.exitCode !== null) return Promise.resolve(child.exitCode);
      return new Promise((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      });
    },
  };
}

export function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge };
}

// The token endpoint only accepts form bodies (TOOLCHAIN.md): always send urlencoded.
export async function postForm(url, fields, headers = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields),
  });
  const text = await res.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, headers: res.headers, json, text };
}

function chromiumRuns() {
  if (!existsSync(CHROMIUM)) return false;
  // The file can exist before apt has finished unpacking its libraries.
  return spawnSync(CHROMIUM, ['--version'], { timeout: 30_000 }).status === 0;
}

// Chromium may still be installing (apt in the background): poll every 30 s, 15 min at most.
export async function waitForChromium({ intervalMs = 30_000, maxMs = 15 * 60_000 } = {}) {
  const deadline = Date.now() + maxMs;
  while (!chromiumRuns()) {
    if (Date.now() > deadline) throw new Error(`${CHROMIUM} not usable after ${maxMs / 60_000} min`);
    await new Promise((r) => { setTimeout(r, intervalMs); });
  }
}

export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  await waitForChromium();
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}
