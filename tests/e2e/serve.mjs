// A static server for dist/ that behaves like the CDN: it applies dist/_headers exactly
// (Netlify / Cloudflare Pages rules: every matching rule applies) and the 200 rewrites of
// dist/_redirects, so deep links such as /callback?code=… work and unknown paths are 404. A
// build for a sub-path (PUBLIC_URL=/app/) is served under that path, and nothing outside it.
// Usage: node tests/e2e/serve.mjs <dist> <port>
import { createServer } from 'node:http';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import {
  baseOf, buildFacts, headersFile as renderHeaders, redirectsFile as renderRedirects,
} from '../../scripts/headers.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

/** Parses a `_headers` file into [{ pattern: RegExp, headers: [[name, value]] }]. */
export function parseHeaders(text) {
  const rules = [];
  for (const line of text.split('\n')) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      const source = line.trim().replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
      rules.push({ path: line.trim(), pattern: new RegExp(`^${source}$`), headers: [] });
    } else {
      const at = line.indexOf(':');
      if (at < 0 || !rules.length) throw new Error(`_headers: bad line: ${line}`);
      rules.at(-1).headers.push([line.slice(0, at).trim(), line.slice(at + 1).trim()]);
    }
  }
  return rules;
}

/** The headers for `path`; a header set by two matching rules is a configuration error. */
export function headersFor(rules, path) {
  const out = {};
  for (const rule of rules) {
    if (!rule.pattern.test(path)) continue;
    for (const [name, value] of rule.headers) {
      const key = name.toLowerCase();
      if (key in out) throw new Error(`_headers: ${name} set twice for ${path} (${rule.path})`);
      out[key] = value;
    }
  }
  return out;
}

/**
 * Serves `dist` on `port`. With `config`, /config.json is that object and the headers are
 * generated for it by the same code as the release build (tests run providers on other ports);
 * without it, dist/_headers and dist/config.json are served as built.
 */
export function startServer(dist, port, { config } = {}) {
  const base = baseOf(dist);
  const headersFile = join(dist, '_headers');
  const headersText = config
    ? renderHeaders(buildFacts(dist, config))
    : existsSync(headersFile) ? readFileSync(headersFile, 'utf8') : '';
  const rules = parseHeaders(headersText);
  const redirectsPath = join(dist, '_redirects');
  const rewrites = new Map(
    (existsSync(redirectsPath) ? readFileSync(redirectsPath, 'utf8') : renderRedirects(base))
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter(([from, to, status]) => from && to && status === '200')
      .map(([from, to]) => [from, to]),
  );
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!path.startsWith(base)) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (config && path === `${base}config.json`) {
      const headers = { 'content-type': 'application/json', ...headersFor(rules, path) };
      res.writeHead(200, headers).end(JSON.stringify(config));
      return;
    }
    // dist/ holds what the origin serves under the base.
    const inDist = (urlPath) => join(dist, urlPath.slice(base.length));
    let file = normalize(inDist(path));
    if (!file.startsWith(normalize(dist))) {
      res.writeHead(400).end();
      return;
    }
    const isFile = existsSync(file) && statSync(file).isFile();
    if (!isFile) {
      const target = path === base ? `${base}index.html` : rewrites.get(path);
      if (!target) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      file = inDist(target); // the _redirects rewrite of an app route
    }
    const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' };
    Object.assign(headers, headersFor(rules, path));
    res.writeHead(200, headers).end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dist = 'dist', port = '8080'] = process.argv.slice(2);
  await startServer(dist, Number(port));
  console.log(`READY http://127.0.0.1:${port}${baseOf(dist)} serving ${dist}`);
}
