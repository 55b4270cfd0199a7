// A lying provider: an HTTP proxy in front of the real one that, per test, rewrites discovery,
// the JWKS, token responses (the ID token, re-signed with the proxy's own keys), userinfo and
// the redirect back to the app. With no mode set it forwards everything untouched.
//
// A mode is an object of optional hooks, set with `proxy.mode = { … }`:
//   discovery(doc)          → the discovery document to serve
//   jwks()                  → the JWKS document to serve instead of the provider's
//   jwksHeaders             → extra headers on the JWKS response (e.g. Cache-Control)
//   idToken(token, body)    → the ID token to put in a token response (body: the provider's)
//   userinfo(claims)        → the userinfo claims to serve
//   location(url)           → the Location header of a redirect (a string, absolute or not)
// The proxy counts requests per path, CORS preflights aside (`count('/jwks')`), and remembers
// every token it saw or made (`secrets()`), so tests can look for them where they must not be.
import { createServer, request } from 'node:http';

const DISCOVERY = '/.well-known/openid-configuration';

function readBody(stream) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/** Sends `body` to the provider as the browser sent it to us; Host stays the public one. */
function forward(target, req, body) {
  const { hostname, port } = new URL(target);
  const headers = { ...req.headers, 'accept-encoding': 'identity' };
  return new Promise((resolve, reject) => {
    const out = request({ hostname, port, method: req.method, path: req.url, headers }, async (res) => {
      try {
        resolve({ status: res.statusCode, headers: { ...res.headers }, body: await readBody(res) });
      } catch (err) {
        reject(err);
      }
    });
    out.on('error', reject);
    out.end(body);
  });
}

const isJson = (headers) => /json/.test(headers['content-type'] ?? '');

/**
 * Listens on 127.0.0.1:`port` in front of `target` (the provider's internal origin). The
 * provider's issuer must be this proxy's origin, so that only the proxy ever lies.
 */
export async function startProxy({ port, target }) {
  const origin = `http://127.0.0.1:${port}`;
  let mode = {};
  const counts = new Map();
  const seen = new Set();
  const paths = { jwks: '/jwks', token: '/token', userinfo: '/me' };

  async function handle(req, res) {
    const { pathname } = new URL(req.url, origin);
    // CORS preflights are the browser's, not the app's: they are not counted.
    if (req.method !== 'OPTIONS') counts.set(pathname, (counts.get(pathname) ?? 0) + 1);
    const upstream = await forward(target, req, await readBody(req));
    const { status, headers } = upstream;
    let { body } = upstream;
    const rewriteJson = (fn) => {
      body = Buffer.from(JSON.stringify(fn(JSON.parse(body.toString('utf8')))));
    };

    if (pathname === DISCOVERY && status === 200) {
      const doc = JSON.parse(body.toString('utf8'));
      paths.jwks = new URL(doc.jwks_uri).pathname;
      paths.token = new URL(doc.token_endpoint).pathname;
      if (doc.userinfo_endpoint) paths.userinfo = new URL(doc.userinfo_endpoint).pathname;
      if (mode.discovery) rewriteJson(mode.discovery);
    } else if (pathname === paths.jwks && req.method === 'GET') {
      if (mode.jwks) {
        body = Buffer.from(JSON.stringify(mode.jwks()));
        headers['content-type'] = 'application/jwk-set+json; charset=utf-8';
      }
      Object.assign(headers, mode.jwksHeaders ?? {});
    } else if (pathname === paths.token && status === 200 && isJson(headers)) {
      rewriteJson((tokens) => {
        for (const kind of ['access_token', 'refresh_token', 'id_token']) if (tokens[kind]) seen.add(tokens[kind]);
        if (mode.idToken && tokens.id_token) tokens.id_token = mode.idToken(tokens.id_token, tokens);
        if (tokens.id_token) seen.add(tokens.id_token);
        return tokens;
      });
    } else if (pathname === paths.userinfo && status === 200 && isJson(headers) && mode.userinfo) {
      rewriteJson(mode.userinfo);
    }
    if (headers.location && mode.location) headers.location = mode.location(headers.location);

    delete headers['content-encoding'];
    delete headers['transfer-encoding'];
    delete headers.etag;
    headers['content-length'] = String(body.length);
    res.writeHead(status, headers).end(body);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      console.error('hostile proxy:', err);
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('hostile proxy failed');
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });

  return {
    origin,
    get mode() { return mode; },
    set mode(next) { mode = next ?? {}; },
    /** Honest again; counts and remembered tokens start over. */
    reset() {
      mode = {};
      counts.clear();
      seen.clear();
    },
    count: (path) => counts.get(path) ?? 0,
    paths,
    /** Every access, refresh and ID token the provider issued or the proxy served. */
    secrets: () => [...seen],
    close() {
      return new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      });
    },
  };
}
