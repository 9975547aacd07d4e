/** Users and API keys: create, authenticate, and bootstrap the founder on an empty store. */
import { invalid, notFound } from '../../lib/errors.js';
import { newId } from '../../store/ids.js';
import { type Deps, inUnit } from '../../store/unit.js';
import { type Principal, ROLES, type Role } from './domain.js';
import { formatToken, hashSecret, isWellFormedToken, makeSecret, parseToken, secretMatches } from './keys.js';

export interface NewKey {
  role: string;
  customer_id?: string | null | undefined;
  name: string;
  email?: string | undefined;
}

/** How long a verified key is trusted without asking the store again. */
const KEY_CACHE_MS = 10_000;

export function accessService(deps: Deps) {
  const db = () => deps.store.db;
  // token → principal, verified recently. Keys cannot be revoked yet; when they can, revocation
  // must clear this cache (and until then a disabled user keeps access for at most KEY_CACHE_MS).
  const recent = new Map<string, { principal: Principal; until: number }>();

  async function createUserWithKey(input: NewKey, actor: string, fixed?: { keyId: string; secret: string }) {
    if (!(ROLES as readonly string[]).includes(input.role)) {
      throw invalid('unknown_role', `Unknown role "${input.role}". Known: ${ROLES.join(', ')}`, 'role');
    }
    const role = input.role as Role;
    if (role === 'customer' && !input.customer_id)
      throw invalid('customer_required', 'A customer key needs customer_id', 'customer_id');
    if (role !== 'customer' && input.customer_id)
      throw invalid('customer_not_allowed', 'Only customer keys are bound to a customer', 'customer_id');
    return inUnit(deps, actor, async (u) => {
      if (input.customer_id) {
        const c = await u.tx
          .selectFrom('customers')
          .select('id')
          .where('id', '=', input.customer_id)
          .executeTakeFirst();
        if (!c)
          throw notFound('customer_not_found', `No customer with id "${input.customer_id}"`, 'customer_id');
      }
      const at = u.now.toISOString();
      const userId = newId('usr', u.now);
      await u.tx
        .insertInto('users')
        .values({
          id: userId,
          name: input.name,
          email: input.email ?? null,
          role,
          customer_id: input.customer_id ?? null,
          disabled: 0,
          created_at: at,
          updated_at: at,
          version: 1,
        })
        .execute();
      const keyId = fixed?.keyId ?? newId('key', u.now);
      const secret = fixed?.secret ?? makeSecret();
      await u.tx
        .insertInto('api_keys')
        .values({
          id: keyId,
          user_id: userId,
          secret_hash: hashSecret(secret),
          label: input.name,
          created_at: at,
          revoked_at: null,
        })
        .execute();
      // The Ledger records who got which key, never the key.
      await u.record('access.key_created', userId, {
        key_id: keyId,
        role,
        customer_id: input.customer_id ?? null,
        name: input.name,
      });
      return {
        user_id: userId,
        key_id: keyId,
        role,
        customer_id: input.customer_id ?? null,
        key: formatToken(keyId, secret),
      };
    });
  }

  return {
    createUserWithKey,

    async authenticate(token: string): Promise<Principal | null> {
      const parsed = parseToken(token);
      if (!parsed) return null;
      const now = Date.now();
      const hit = recent.get(token);
      if (hit && hit.until > now) return hit.principal;
      const row = await db()
        .selectFrom('api_keys')
        .innerJoin('users', 'users.id', 'api_keys.user_id')
        .select([
          'api_keys.id as key_id',
          'api_keys.secret_hash',
          'api_keys.revoked_at',
          'users.id as user_id',
          'users.role',
          'users.customer_id',
          'users.disabled',
        ])
        .where('api_keys.id', '=', parsed.keyId)
        .executeTakeFirst();
      if (!row || row.revoked_at || row.disabled === 1 || !secretMatches(parsed.secret, row.secret_hash))
        return null;
      const principal: Principal = {
        user_id: row.user_id,
        role: row.role as Role,
        customer_id: row.customer_id,
        key_id: row.key_id,
      };
      if (recent.size > 10_000) recent.clear();
      recent.set(token, { principal, until: now + KEY_CACHE_MS });
      return principal;
    },

    /**
     * On an empty store, makes the founder. With `adminKey` (DEALIX_ADMIN_KEY) that key becomes the
     * founder's; otherwise a key is generated and returned so it can be shown once.
     */
    async bootstrap(
      adminKey: string | null,
    ): Promise<{ created: boolean; key?: string; generated?: boolean }> {
      const any = await db().selectFrom('users').select('id').limit(1).executeTakeFirst();
      if (any) return { created: false };
      if (adminKey !== null) {
        if (!isWellFormedToken(adminKey)) {
          throw invalid(
            'bad_admin_key',
            'DEALIX_ADMIN_KEY must look like dlx_key_<21 chars>_<32+ chars>; run "dealix keys example" for one',
          );
        }
        const p = parseToken(adminKey)!;
        await createUserWithKey({ role: 'founder', name: 'Founder' }, 'system', p);
        return { created: true, generated: false };
      }
      const made = await createUserWithKey({ role: 'founder', name: 'Founder' }, 'system');
      return { created: true, key: made.key, generated: true };
    },
  };
}
export type AccessService = ReturnType<typeof accessService>;

/** A fresh well-formed key, for DEALIX_ADMIN_KEY. */
export function exampleKey(): string {
  return formatToken(newId('key'), makeSecret());
}
