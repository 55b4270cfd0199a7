// Settings and oidc-provider configuration for the demo/test OpenID Provider.
// Option names follow oidc-provider 8.x (lib/helpers/defaults.js of the installed package).
import { generateKeyPairSync, randomBytes } from 'node:crypto';

import { pages } from './pages.mjs';

const int = (name, fallback) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number.parseInt(raw, 10);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer, got ${raw}`);
  return value;
};

// The path the SPA is served under, as its PUBLIC_URL: `/` or `/app/`, both slashes included.
const basePath = () => {
  const base = process.env.APP_BASE || '/';
  if (!/^\/([^/?#\s]+\/)*$/.test(base)) throw new Error(`APP_BASE must look like / or /app/, got ${base}`);
  return base;
};

export function readSettings() {
  const port = int('PROVIDER_PORT', 9000);
  return {
    port,
    issuer: `http://127.0.0.1:${port}`,
    // Strip a trailing slash so the CORS comparison and redirect URIs are exact.
    appOrigin: (process.env.APP_ORIGIN || 'http://127.0.0.1:8080').replace(/\/$/, ''),
    appBase: basePath(),
    clientId: process.env.CLIENT_ID || 'spa-demo',
    ttl: {
      accessToken: int('ACCESS_TOKEN_TTL', 300),
      idToken: int('ID_TOKEN_TTL', 300),
      refreshToken: int('REFRESH_TOKEN_TTL', 86400),
      deviceCode: int('DEVICE_CODE_TTL', 600),
      session: int('SESSION_TTL', 86400),
    },
    clockTolerance: int('CLOCK_TOLERANCE', 5),
  };
}

// The single demo account. Its password is only checked by interactions.mjs.
export const DEMO_USER = {
  login: 'alice',
  password: 'wonderland',
  claims: {
    sub: 'alice',
    name: 'Alice Liddell',
    preferred_username: 'alice',
    email: 'alice@example.com',
    email_verified: true,
  },
};

async function findAccount(ctx, sub) {
  if (sub !== DEMO_USER.claims.sub) return undefined;
  return {
    accountId: sub,
    // oidc-provider filters these down to what the granted scopes/claims allow.
    async claims() { return { ...DEMO_USER.claims }; },
  };
}

// Fresh signing keys per start: nothing secret is committed and the provider does not
// fall back to its built-in development key (which it warns about).
function signingKeys() {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
  const stamp = Date.now().toString(36);
  // RS256 first: it is the default id_token_signed_response_alg.
  return [
    { ...rsa, kid: `rs256-${stamp}`, alg: 'RS256', use: 'sig' },
    { ...ec, kid: `es256-${stamp}`, alg: 'ES256', use: 'sig' },
  ];
}

export function buildConfiguration(settings) {
  const { appOrigin, appBase, clientId, ttl } = settings;
  const app = `${appOrigin}${appBase}`;
  // 127.0.0.1:8080 (app) and 127.0.0.1:9000 (provider) are the same site, so Lax cookies
  // reach the provider from the app's hidden iframe; the default SameSite=None would need
  // Secure, which plain http cannot have.
  const cookie = { httpOnly: true, sameSite: 'lax', secure: false };

  return {
    clients: [{
      client_id: clientId,
      client_name: 'SPA demo',
      application_type: 'web',
      token_endpoint_auth_method: 'none', // public browser client, no secret
      grant_types: ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'],
      response_types: ['code'],
      redirect_uris: [`${app}callback`, `${app}silent-callback`],
      post_logout_redirect_uris: [app],
    }],
    responseTypes: ['code'],
    pkce: { methods: ['S256'], required: () => true },
    // Only the app's origin may call the client endpoints (token, revocation, userinfo,
    // device authorization) from a browser. Discovery and JWKS stay open by design.
    clientBasedCORS: (ctx, origin) => origin === appOrigin,
    scopes: ['openid', 'offline_access', 'profile', 'email'],
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username'],
      email: ['email', 'email_verified'],
    },
    findAccount,
    // The app shows name and email from the ID token itself, so the granted profile and email
    // claims go into it too (the default keeps them for userinfo only).
    conformIdTokenClaims: false,
    // Default policy needs offline_access; the SPA should get a refresh token whenever its
    // registration allows the grant (see TOOLCHAIN.md). Without offline_access the refresh
    // token still ends with the provider session (default expiresWithSession), so logout kills it.
    issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
    // rotateRefreshToken is left at its default: public clients get a new refresh token on
    // every use and replaying a used one revokes the whole grant.
    ttl: {
      AccessToken: ttl.accessToken,
      IdToken: ttl.idToken,
      DeviceCode: ttl.deviceCode,
      Session: ttl.session,
      Interaction: 3600,
      Grant: Math.max(ttl.refreshToken, ttl.session),
      // Like the default: a rotated token keeps the remaining lifetime of the one it
      // replaces, so REFRESH_TOKEN_TTL bounds the whole chain, not each link.
      RefreshToken(ctx) {
        const rotated = ctx?.oidc?.entities?.RotatedRefreshToken;
        return rotated ? rotated.remainingTTL : ttl.refreshToken;
      },
    },
    clockTolerance: settings.clockTolerance,
    cookies: { keys: [randomBytes(32).toString('base64url')], long: cookie, short: cookie },
    jwks: { keys: signingKeys() },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    renderError: pages.error,
    features: {
      devInteractions: { enabled: false }, // interactions.mjs has login + consent with a deny button
      revocation: { enabled: true },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: pages.logout,
        postLogoutSuccessSource: pages.logoutSuccess,
      },
      deviceFlow: {
        enabled: true,
        userCodeInputSource: pages.userCodeInput,
        userCodeConfirmSource: pages.userCodeConfirm,
        successSource: pages.deviceSuccess,
      },
      // Off on purpose: a plain public browser client sends neither DPoP proofs nor
      // resource indicators, and these would change the tokens it gets.
      dPoP: { enabled: false },
      resourceIndicators: { enabled: false },
    },
  };
}
