// Login and consent pages, served with plain node:http next to the provider's own routes.
// We replace oidc-provider's devInteractions because those have no "deny" button and
// their markup is not a stable contract for tests.
import { DEMO_USER } from './config.mjs';
import { consentPage, layout, esc, loginPage } from './pages.mjs';

const ROUTE = /^\/interaction\/([\w-]+)(?:\/(login|confirm|abort))?$/;

function send(res, status, html) {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
  });
  res.end(html);
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

// Returns a request handler that answers /interaction/* and returns false for anything else.
export function interactionRoutes(provider) {
  async function render(res, details, error) {
    const client = await provider.Client.find(details.params.client_id);
    const clientName = client?.clientName || details.params.client_id;
    if (details.prompt.name === 'login') {
      return send(res, error ? 401 : 200, loginPage({ uid: details.uid, clientName, ...error }));
    }
    if (details.prompt.name === 'consent') {
      const { missingOIDCScope = [], missingOIDCClaims = [] } = details.prompt.details;
      return send(res, 200, consentPage({
        uid: details.uid, clientName, scopes: missingOIDCScope, claims: missingOIDCClaims,
      }));
    }
    return send(res, 501, layout('Not implemented', `<p>Unknown prompt ${esc(details.prompt.name)}</p>`));
  }

  async function login(req, res, details) {
    if (details.prompt.name !== 'login') return render(res, details);
    const form = await readForm(req);
    const name = form.get('login') || '';
    if (name !== DEMO_USER.login || form.get('password') !== DEMO_USER.password) {
      return render(res, details, { login: name, error: 'Wrong username or password.' });
    }
    return provider.interactionFinished(req, res, {
      login: { accountId: DEMO_USER.claims.sub },
    }, { mergeWithLastSubmission: false });
  }

  async function confirm(req, res, details) {
    if (details.prompt.name !== 'consent') return render(res, details);
    const { prompt: { details: missing }, params, session, grantId } = details;
    // Extend the existing grant (re-consent for more scopes) or start a new one.
    const grant = grantId
      ? await provider.Grant.find(grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    if (missing.missingResourceScopes) {
      for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes)) {
        grant.addResourceScope(indicator, scopes.join(' '));
      }
    }
    return provider.interactionFinished(req, res, {
      consent: { grantId: await grant.save() },
    }, { mergeWithLastSubmission: true });
  }

  // Deny (or abort at login): the provider redirects to the client with error=access_denied.
  function abort(req, res) {
    return provider.interactionFinished(req, res, {
      error: 'access_denied',
      error_description: 'End-User denied the request',
    }, { mergeWithLastSubmission: false });
  }

  return async function handle(req, res) {
    const match = ROUTE.exec(new URL(req.url, 'http://x').pathname);
    if (!match) return false;
    const [, uid, action] = match;
    const allowed = action ? 'POST' : 'GET';
    if (req.method !== allowed) {
      send(res, 405, layout('Method not allowed', ''));
      return true;
    }
    try {
      // Reads the interaction from its cookie; a stale tab (other uid) must not act on it.
      const details = await provider.interactionDetails(req, res);
      if (details.uid !== uid) throw new Error('interaction mismatch');
      if (action === 'login') await login(req, res, details);
      else if (action === 'confirm') await confirm(req, res, details);
      else if (action === 'abort') await abort(req, res);
      else await render(res, details);
    } catch (err) {
      if (!res.headersSent) {
        send(res, 400, layout('Sign-in expired', `<p id="error" class="error">${esc(err.message)}</p>
<p>Start again from the application.</p>`));
      }
    }
    return true;
  };
}
