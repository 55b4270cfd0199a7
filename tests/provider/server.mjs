// Demo and test OpenID Provider for the SPA: `node tests/provider/server.mjs`.
// Settings come from the environment (see config.mjs and README.md in this folder).
// stdout lines meant for tests:
//   READY <issuer>
//   TOKEN grant_type=<type> status=<http status> [error=<oauth error>]
//   REVOKE status=<http status> [error=<oauth error>]
import { createServer } from 'node:http';

import Provider from 'oidc-provider';

import { buildConfiguration, readSettings } from './config.mjs';
import { interactionRoutes } from './interactions.mjs';

const settings = readSettings();
const provider = new Provider(settings.issuer, buildConfiguration(settings));

// One line per token/revocation request, written after the provider's own error handling
// has set the final status, so tests can count refreshes and see failures.
provider.use(async (ctx, next) => {
  await next();
  if (ctx.method !== 'POST') return;
  const error = ctx.status >= 400 && ctx.body?.error ? ` error=${ctx.body.error}` : '';
  if (ctx.path === '/token') {
    const grantType = ctx.oidc?.params?.grant_type || '-';
    console.log(`TOKEN grant_type=${grantType} status=${ctx.status}${error}`);
  } else if (ctx.path === '/token/revocation') {
    console.log(`REVOKE status=${ctx.status}${error}`);
  }
});

// Unexpected server-side failures (not OAuth errors returned to clients) go to stderr.
provider.on('server_error', (ctx, err) => console.error('server_error', err));

const interactions = interactionRoutes(provider);
const oidc = provider.callback();

const server = createServer(async (req, res) => {
  if (await interactions(req, res)) return;
  oidc(req, res);
});

server.listen(settings.port, '127.0.0.1', () => {
  console.log(`READY ${settings.issuer}`);
});

function shutdown(signal) {
  console.log(`STOPPING ${signal}`);
  server.close(() => process.exit(0));
  // Browsers keep idle keep-alive sockets open; drop them so close() can finish.
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
