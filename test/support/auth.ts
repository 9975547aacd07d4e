/** Keys for every role, made directly through the access service, for store and HTTP tests. */
import { accessService } from '../../src/contexts/access/service.js';
import { customersService } from '../../src/contexts/customers/service.js';
import type { Clock } from '../../src/lib/clock.js';
import type { Store } from '../../src/store/db.js';

export interface Principals {
  founder: string;
  oncall: string;
  team: string;
  customerA: string;
  customerB: string;
  customerIdA: string;
  customerIdB: string;
}

export async function seedPrincipals(store: Store, clock: Clock): Promise<Principals> {
  const access = accessService({ store, clock });
  const customers = customersService({ store, clock });
  const key = async (role: string, name: string, customer_id?: string) =>
    (await access.createUserWithKey({ role, name, customer_id }, 'test')).key;
  const a = await customers.create({ name: 'Customer A', bundle_id: 'growth_starter' }, 'test');
  const b = await customers.create({ name: 'Customer B', bundle_id: 'executive_growth_os' }, 'test');
  return {
    founder: await key('founder', 'Founder'),
    oncall: await key('operator_oncall', 'On call'),
    team: await key('operator_team', 'Team'),
    customerA: await key('customer', 'Contact A', a.id),
    customerB: await key('customer', 'Contact B', b.id),
    customerIdA: a.id,
    customerIdB: b.id,
  };
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
