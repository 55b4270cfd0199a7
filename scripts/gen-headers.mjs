// Writes the deployment rules of the release build: dist/_headers and dist/_redirects (Netlify /
// Cloudflare Pages) and deploy/nginx.conf, with the provider's origin from config.json, and points
// the config.json preload in dist/index.html at the base path the build was made for, versioned
// with a digest of dist/config.json.
// Usage: node scripts/gen-headers.mjs <dist> <config.json> [base path, default: the build's]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildFacts, configVersion, headersFile, nginxSnippet, notFoundPage, redirectsFile,
  withConfigPreload,
} from './headers.mjs';

const [dist = 'dist', configPath = 'public/config.json', base] = process.argv.slice(2);
const facts = buildFacts(dist, JSON.parse(readFileSync(configPath, 'utf8')), base);
const index = join(dist, 'index.html');
// The version is of the file the host serves, which may not be the one the rules were read from.
const version = configVersion(readFileSync(join(dist, 'config.json')));
writeFileSync(index, withConfigPreload(readFileSync(index, 'utf8'), facts.base, version));
writeFileSync(join(dist, '_headers'), headersFile(facts));
writeFileSync(join(dist, '_redirects'), redirectsFile(facts.base));
writeFileSync(join(dist, '404.html'), notFoundPage(facts.base));
mkdirSync('deploy', { recursive: true });
writeFileSync('deploy/nginx.conf', nginxSnippet(facts));
console.log(`wrote ${dist}/_headers, ${dist}/_redirects and deploy/nginx.conf for ${facts.base} ` +
  `(${facts.hashed.length} immutable assets, provider ${facts.provider})`);
