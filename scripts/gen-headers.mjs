// Writes the deployment rules of the release build: dist/_headers and dist/_redirects (Netlify /
// Cloudflare Pages) and deploy/nginx.conf, with the provider's origin from config.json.
// Usage: node scripts/gen-headers.mjs <dist> <config.json>
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildFacts, headersFile, nginxSnippet, notFoundPage, redirectsFile } from './headers.mjs';

const [dist = 'dist', configPath = 'public/config.json'] = process.argv.slice(2);
const facts = buildFacts(dist, JSON.parse(readFileSync(configPath, 'utf8')));
writeFileSync(join(dist, '_headers'), headersFile(facts));
writeFileSync(join(dist, '_redirects'), redirectsFile());
writeFileSync(join(dist, '404.html'), notFoundPage());
mkdirSync('deploy', { recursive: true });
writeFileSync('deploy/nginx.conf', nginxSnippet(facts));
console.log(`wrote ${dist}/_headers, ${dist}/_redirects and deploy/nginx.conf ` +
  `(${facts.hashed.length} immutable assets, provider ${facts.provider})`);
