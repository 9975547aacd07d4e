/**
 * API keys: `dlx_<key id>_<secret>`. Only a SHA-256 of the secret is stored (the secret has 192 bits
 * of entropy, so a slow hash adds nothing); the full key is shown once, when it is made.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const TOKEN = /^dlx_(key_[0-9a-z]{21})_([A-Za-z0-9_-]{32,128})$/;

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function makeSecret(): string {
  return randomBytes(24).toString('base64url');
}

export const formatToken = (keyId: string, secret: string) => `dlx_${keyId}_${secret}`;

export function parseToken(token: string): { keyId: string; secret: string } | null {
  const m = TOKEN.exec(token);
  return m ? { keyId: m[1]!, secret: m[2]! } : null;
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A configured admin key must be a well-formed key so it can be looked up like any other. */
export const isWellFormedToken = (token: string) => TOKEN.test(token);
