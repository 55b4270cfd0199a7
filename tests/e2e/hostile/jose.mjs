// Just enough JOSE for a lying provider, on node:crypto alone: signing keys whose public halves
// go into a JWKS, JWS compact signing (RS*, PS*, ES*, EdDSA, and the forbidden none and HS256),
// decoding a provider's ID token, and at_hash (OpenID Connect Core 1.0 §3.1.3.6).
import { createHash, createHmac, generateKeyPairSync, randomBytes, sign as cryptoSign } from 'node:crypto';

export const b64url = (bytes) => Buffer.from(bytes).toString('base64url');
const json64 = (value) => b64url(JSON.stringify(value));

const HASH = { 256: 'sha256', 384: 'sha384', 512: 'sha512' };
const CURVE = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' };

/** A fresh key pair for `alg` (RS*, PS*, ES*, EdDSA). `kid: null` publishes it without a kid. */
export function makeKey(alg, kid = `${alg.toLowerCase()}-${randomBytes(4).toString('hex')}`) {
  let pair;
  if (alg.startsWith('RS') || alg.startsWith('PS')) {
    pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  } else if (alg.startsWith('ES')) {
    pair = generateKeyPairSync('ec', { namedCurve: CURVE[alg] });
  } else if (alg === 'EdDSA') {
    pair = generateKeyPairSync('ed25519');
  } else {
    throw new Error(`makeKey: no key type for ${alg}`);
  }
  const jwk = pair.publicKey.export({ format: 'jwk' });
  const publicJwk = { ...jwk, use: 'sig', alg, ...(kid === null ? {} : { kid }) };
  return { alg, kid: kid ?? undefined, privateKey: pair.privateKey, publicKey: pair.publicKey, publicJwk };
}

/** The JWKS document publishing `keys` (public members only). */
export const jwksOf = (keys) => ({ keys: keys.map((key) => key.publicJwk) });

function signature(alg, input, key) {
  const bits = alg.slice(-3);
  if (alg === 'none') return Buffer.alloc(0);
  if (alg.startsWith('HS')) return createHmac(HASH[bits], key).update(input).digest();
  if (alg.startsWith('RS')) return cryptoSign(HASH[bits], input, key);
  if (alg.startsWith('PS')) {
    return cryptoSign(HASH[bits], input, { key, padding: 6 /* RSA_PKCS1_PSS_PADDING */, saltLength: Number(bits) / 8 });
  }
  // JWS ECDSA signatures are raw r || s (RFC 7518 §3.4), not DER.
  if (alg.startsWith('ES')) return cryptoSign(HASH[bits], input, { key, dsaEncoding: 'ieee-p1363' });
  if (alg === 'EdDSA') return cryptoSign(null, input, key);
  throw new Error(`sign: unknown alg ${alg}`);
}

/**
 * JWS compact serialization of `payload` with `header` (which must name `alg`). `key` is a
 * private KeyObject, or the HMAC secret for HS*, or nothing for none.
 */
export function signJws(header, payload, key) {
  const input = `${json64(header)}.${json64(payload)}`;
  return `${input}.${b64url(signature(header.alg, Buffer.from(input), key))}`;
}

/** Header and claims of a compact JWS, unverified (the provider's own token, read by the liar). */
export function decodeJws(token) {
  const [header, payload] = token.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url')));
  return { header, payload };
}

/** at_hash: the left half of the hash of the access token that `alg` implies. */
export function atHash(alg, accessToken) {
  const bits = alg === 'EdDSA' ? '512' : alg.slice(-3);
  const digest = createHash(HASH[bits]).update(accessToken).digest();
  return b64url(digest.subarray(0, digest.length / 2));
}

/**
 * Re-signs a provider's ID token with `key` (one of the proxy's keys): same claims, except that
 * `claims(payload)` may change them and at_hash is recomputed for `key.alg`. `header(h)` may
 * change the header (for example drop the kid), `alg: 'none'` makes it unsigned, and
 * `alg: 'HS256'` signs it with `hmacSecret` (say, the public key's bytes).
 */
export function resign(idToken, accessToken, { key, alg = key?.alg, claims = (c) => c, header = (h) => h, hmacSecret } = {}) {
  const { payload } = decodeJws(idToken);
  const fresh = { ...payload };
  if (fresh.at_hash && accessToken && alg !== 'none' && !alg.startsWith('HS')) fresh.at_hash = atHash(alg, accessToken);
  const head = header({ alg, typ: 'JWT', ...(key?.kid && !alg.startsWith('HS') && alg !== 'none' ? { kid: key.kid } : {}) });
  const secret = alg.startsWith('HS') ? hmacSecret : key?.privateKey;
  return signJws(head, claims(fresh), secret);
}

/** The token with one bit of its signature flipped. */
export function flipSignatureBit(token) {
  const [head, body, sig] = token.split('.');
  const bytes = Buffer.from(sig, 'base64url');
  bytes[bytes.length >> 1] ^= 0x01;
  return `${head}.${body}.${b64url(bytes)}`;
}

/** The token with its claims replaced after signing: a valid signature over other data. */
export function swapPayload(token, claims) {
  const [head, body, sig] = token.split('.');
  const payload = claims(JSON.parse(Buffer.from(body, 'base64url')));
  return `${head}.${json64(payload)}.${sig}`;
}
