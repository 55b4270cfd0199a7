// The hostile stack: the real provider (tests/provider's configuration and interaction pages)
// on an internal port, the lying proxy on the public provider port (E2E_PROVIDER_PORT), the
// release build on E2E_APP_PORT pointed at the proxy, and Chromium.
//
// The provider's issuer is the proxy's origin, so every honest answer it gives is already
// right for the app and the proxy is the only liar. tests/provider/server.mjs derives its issuer
// from the port it listens on, so this file builds the provider from the same exports
// (readSettings, buildConfiguration, interactionRoutes) with the issuer set to the proxy origin.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Provider from 'oidc-provider';
import { chromium } from 'playwright-core';

import { APP, APP_PORT, PROVIDER, PROVIDER_PORT, appConfig } from '../harness.mjs';
import { startServer } from '../serve.mjs';
import { buildConfiguration, readSettings } from '../../provider/config.mjs';
import { CHROMIUM, CHROMIUM_ARGS, freePort } from '../../provider/harness.mjs';
import { interactionRoutes } from '../../provider/interactions.mjs';
import { startProxy } from './proxy.mjs';

/** The real provider, in this process, listening on `port` and naming `issuer`. */
async function startProvider({ issuer, port }) {
  const settings = { ...readSettings(), port, issuer, appOrigin: APP };
  const provider = new Provider(issuer, buildConfiguration(settings));
  provider.on('server_error', (ctx, err) => console.error('provider server_error', err));
  const interactions = interactionRoutes(provider);
  const oidc = provider.callback();
  const server = createServer(async (req, res) => {
    if (await interactions(req, res)) return;
    oidc(req, res);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    }),
  };
}

/**
 * A private copy of `dist`, so that a rebuild by someone else during the run cannot swap the
 * files under the browser; retried while a copy is caught half-written (a file that index.html
 * names is missing).
 */
async function snapshotDist(dist) {
  for (let attempt = 0; attempt < 60; attempt += 1) {
    const copy = mkdtempSync(join(tmpdir(), 'hostile-dist-'));
    cpSync(dist, copy, { recursive: true });
    const index = join(copy, 'index.html');
    const named = existsSync(index) ? [...readFileSync(index, 'utf8').matchAll(/(?:href|path|from)\s*[:=]?\s*['"]\/([\w.-]+)['"]/g)] : null;
    if (named?.length && named.every(([, file]) => existsSync(join(copy, file)))) return copy;
    rmSync(copy, { recursive: true, force: true });
    await new Promise((resolve) => setTimeout(resolve, 5_000));
  }
  throw new Error(`${dist} stayed incomplete for 5 minutes`);
}

/** Everything the hostile suite needs; call `stop()` in `after`. */
export async function startHostileStack({ dist = process.env.E2E_DIST ?? 'dist', config = {} } = {}) {
  const copy = await snapshotDist(dist);
  const provider = await startProvider({ issuer: PROVIDER, port: await freePort() });
  const proxy = await startProxy({ port: PROVIDER_PORT, target: provider.origin });
  const server = await startServer(copy, APP_PORT, { config: appConfig(config) });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  return {
    proxy,
    browser,
    async stop() {
      await browser.close();
      await new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      });
      await proxy.close();
      await provider.close();
      rmSync(copy, { recursive: true, force: true });
    },
  };
}
