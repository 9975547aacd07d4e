/**
 * People's sign-in: email + password opens a session held in an HttpOnly cookie. The cookie carries
 * a random secret; the store keeps only its SHA-256 (the session id). Each session has a CSRF token,
 * derived from the secret and stored hashed, that cookie-authenticated writes must echo in a header.
 *
 * Sessions last SESSION_TTL_MS after their last use (sliding). Failed sign-ins are braked per email:
 * after MAX_FAILURES within FAILURE_WINDOW_MS further attempts are refused until the window passes.
 * That count lives in this process's memory: it resets on restart and is not shared between
 * instances, which is enough to stop guessing at speed, not a distributed lockout.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import { DomainError, forbidden, notFound } from '../../lib/errors.js';
import { type Deps, inUnit } from '../../store/unit.js';
import { authorize, type Principal, type Role } from './domain.js';
import { checkPasswordRules, dummyHash, hashPassword, verifyPassword } from './passwords.js';

export const SESSION_COOKIE = 'dlx_session';
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
/** A session's last_seen_at/expires_at are written at most this often. */
const SLIDE_EVERY_MS = 60 * 1000;
const SECRET = /^[A-Za-z0-9_-]{43}$/;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const csrfFor = (secret: string) => createHash('sha256').update(`csrf:${secret}`).digest('base64url');
const sameHash = (a: string, b: string) => {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
};
/** The short, non-secret handle for a session in principals and the Ledger. */
export const sessionHandle = (id: string) => `session:${id.slice(0, 12)}`;

export interface SessionUser {
  id: string;
  name: string;
  role: Role;
  customer_id: string | null;
}

export interface SignedIn {
  user: SessionUser;
  /** Goes in the cookie only; never logged or stored. */
  secret: string;
  csrf_token: string;
  expires_at: string;
}

export interface ActiveSession {
  principal: Principal;
  user: SessionUser;
  session_id: string;
  csrf_token: string;
  /** SHA-256 (hex) of the CSRF token, as stored. */
  csrf_hash: string;
  expires_at: string;
  /** True when this request moved the expiry forward (the cookie should be refreshed). */
  slid: boolean;
}

/** Whether `token` is the session's CSRF token, compared in constant time against the stored hash. */
export const csrfMatches = (s: ActiveSession, token: string) => sameHash(sha256(token), s.csrf_hash);

export type LoginResult = ({ kind: 'ok' } & SignedIn) | { kind: 'throttled'; retry_after_s: number };

const invalidCredentials = () =>
  new DomainError(
    'unauthorized',
    'invalid_credentials',
    'That email and password do not match an active user',
  );

/**
 * Sets a user's password with no further checks (the rules on its length still apply): for the
 * founder's first password, from setup code. Revokes the user's open sessions.
 */
export async function setPassword(
  deps: Deps,
  userId: string,
  password: string,
  actor = 'system',
): Promise<void> {
  await sessionService(deps).setPassword(userId, password, actor);
}

export function sessionService(deps: Deps) {
  const db = () => deps.store.db;
  const failures = new Map<string, number[]>();

  function recentFailures(email: string, now: number): number[] {
    const list = (failures.get(email) ?? []).filter((t) => t > now - FAILURE_WINDOW_MS);
    if (list.length) failures.set(email, list);
    else failures.delete(email);
    return list;
  }
  function noteFailure(email: string, now: number): void {
    if (failures.size > 50_000) failures.clear();
    failures.set(email, [...recentFailures(email, now), now]);
  }

  async function storePassword(
    userId: string,
    password: string,
    actor: string,
    keepSession: string | null,
  ): Promise<{ sessions_revoked: number }> {
    checkPasswordRules(password);
    const hash = await hashPassword(password);
    return inUnit(deps, actor, async (u) => {
      const at = u.now.toISOString();
      const user = await u.tx.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
      if (!user) throw notFound('user_not_found', `No user with id "${userId}"`, 'id');
      const had = await u.tx
        .selectFrom('user_passwords')
        .select('user_id')
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (had) {
        await u.tx
          .updateTable('user_passwords')
          .set({ hash, updated_at: at })
          .where('user_id', '=', userId)
          .execute();
      } else {
        await u.tx.insertInto('user_passwords').values({ user_id: userId, hash, updated_at: at }).execute();
      }
      // A new password ends every other open session of that user.
      let revoke = u.tx
        .updateTable('sessions')
        .set({ revoked_at: at })
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null);
      if (keepSession) revoke = revoke.where('id', '!=', keepSession);
      const res = await revoke.executeTakeFirst();
      const revoked = Number(res.numUpdatedRows ?? 0);
      await u.record('auth.password_set', userId, { first: !had, sessions_revoked: revoked });
      return { sessions_revoked: revoked };
    });
  }

  return {
    /** Email + password → a new session, or a brake when this email failed too often. */
    async login(emailIn: string, password: string): Promise<LoginResult> {
      const email = emailIn.trim().toLowerCase();
      const now = deps.clock.now();
      const t = now.getTime();
      const recent = recentFailures(email, t);
      if (recent.length >= MAX_FAILURES) {
        const retry = Math.max(1, Math.ceil(((recent[0] ?? t) + FAILURE_WINDOW_MS - t) / 1000));
        return { kind: 'throttled', retry_after_s: retry };
      }
      const candidates = await db()
        .selectFrom('users')
        .innerJoin('user_passwords', 'user_passwords.user_id', 'users.id')
        .select([
          'users.id',
          'users.name',
          'users.role',
          'users.customer_id',
          'users.disabled',
          'user_passwords.hash',
        ])
        .where(sql<string>`lower(users.email)`, '=', email)
        .orderBy('users.created_at')
        .limit(3)
        .execute();
      let match: (typeof candidates)[number] | undefined;
      if (candidates.length === 0) await verifyPassword(password, await dummyHash());
      for (const c of candidates) {
        if (await verifyPassword(password, c.hash)) {
          match = c;
          break;
        }
      }
      if (!match || match.disabled === 1) {
        noteFailure(email, t);
        throw invalidCredentials();
      }
      failures.delete(email);
      const user: SessionUser = {
        id: match.id,
        name: match.name,
        role: match.role as Role,
        customer_id: match.customer_id,
      };
      const secret = randomBytes(32).toString('base64url');
      const id = sha256(secret);
      const csrf = csrfFor(secret);
      const expires = new Date(t + SESSION_TTL_MS).toISOString();
      await inUnit(deps, user.id, async (u) => {
        const at = u.now.toISOString();
        await u.tx
          .insertInto('sessions')
          .values({
            id,
            user_id: user.id,
            csrf_hash: sha256(csrf),
            created_at: at,
            expires_at: expires,
            last_seen_at: at,
            revoked_at: null,
          })
          .execute();
        // Who signed in and which session (by its short handle); never the secret or the password.
        await u.record('auth.login', user.id, { session: sessionHandle(id), expires_at: expires });
      });
      return { kind: 'ok', user, secret, csrf_token: csrf, expires_at: expires };
    },

    /** The session behind a cookie secret, sliding its expiry; null when unknown, ended or its user disabled. */
    async authenticate(secret: string | undefined): Promise<ActiveSession | null> {
      if (!secret || !SECRET.test(secret)) return null;
      const id = sha256(secret);
      const row = await db()
        .selectFrom('sessions')
        .innerJoin('users', 'users.id', 'sessions.user_id')
        .select([
          'sessions.id',
          'sessions.expires_at',
          'sessions.last_seen_at',
          'sessions.revoked_at',
          'sessions.csrf_hash',
          'users.id as user_id',
          'users.name',
          'users.role',
          'users.customer_id',
          'users.disabled',
        ])
        .where('sessions.id', '=', id)
        .executeTakeFirst();
      const now = deps.clock.now();
      if (!row || row.revoked_at || row.disabled === 1 || Date.parse(row.expires_at) <= now.getTime())
        return null;
      let expires = row.expires_at;
      let slid = false;
      if (now.getTime() - Date.parse(row.last_seen_at) >= SLIDE_EVERY_MS) {
        expires = new Date(now.getTime() + SESSION_TTL_MS).toISOString();
        await db()
          .updateTable('sessions')
          .set({ last_seen_at: now.toISOString(), expires_at: expires })
          .where('id', '=', id)
          .where('revoked_at', 'is', null)
          .execute();
        slid = true;
      }
      const user: SessionUser = {
        id: row.user_id,
        name: row.name,
        role: row.role as Role,
        customer_id: row.customer_id,
      };
      return {
        principal: {
          user_id: user.id,
          role: user.role,
          customer_id: user.customer_id,
          key_id: sessionHandle(id),
        },
        user,
        session_id: id,
        csrf_token: csrfFor(secret),
        csrf_hash: row.csrf_hash,
        expires_at: expires,
        slid,
      };
    },

    async logout(s: ActiveSession): Promise<void> {
      await inUnit(deps, s.user.id, async (u) => {
        await u.tx
          .updateTable('sessions')
          .set({ revoked_at: u.now.toISOString() })
          .where('id', '=', s.session_id)
          .where('revoked_at', 'is', null)
          .execute();
        await u.record('auth.logout', s.user.id, { session: sessionHandle(s.session_id) });
      });
    },

    setPassword: (userId: string, password: string, actor: string) =>
      storePassword(userId, password, actor, null),

    /**
     * A user sets its own password (giving the current one once one exists); the founder sets anyone's.
     * The caller's own session stays open; the user's other sessions end.
     */
    async changePassword(
      p: Principal,
      userId: string,
      password: string,
      current: string | undefined,
      callerSession: string | null,
    ): Promise<{ sessions_revoked: number }> {
      const self = p.user_id === userId;
      if (!self) authorize(p, 'users.set_password');
      checkPasswordRules(password);
      if (self) {
        const row = await db()
          .selectFrom('user_passwords')
          .select('hash')
          .where('user_id', '=', userId)
          .executeTakeFirst();
        if (row) {
          if (current === undefined) {
            throw new DomainError(
              'invalid',
              'current_password_required',
              'current_password is required to change your own password',
              'current_password',
            );
          }
          if (!(await verifyPassword(current, row.hash))) {
            throw forbidden(
              'current_password does not match',
              'current_password_mismatch',
              'current_password',
            );
          }
        }
      }
      return storePassword(userId, password, p.user_id, self ? callerSession : null);
    },
  };
}
export type SessionService = ReturnType<typeof sessionService>;
