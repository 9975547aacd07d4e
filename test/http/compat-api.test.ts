/**
 * The seed's HTTP surface (SPEC §9): the 20 stateless endpoints under /api/v1/customer-ops keep
 * the seed's paths, field names and numbers; bad input gets a 4xx naming the field, never a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/http/app.js';
import {
  api,
  build,
  expectDraftOnly,
  expectError,
  get,
  type Json,
  NOW_ISO,
  ok,
  postJson,
  postRaw,
  type Res,
  seenStatuses,
} from './helpers.js';

let app: App;

beforeAll(async () => {
  app = await build();
});

afterAll(async () => {
  await app.close();
});

const STEP_IDS = [
  'select_goal',
  'select_bundle',
  'company_intake',
  'connect_channels',
  'upload_or_source',
  'risk_review',
  'first_service_run',
  'first_proof_pack',
];

const CONNECTOR_KEYS = [
  'gmail',
  'google_calendar',
  'google_sheets',
  'moyasar',
  'whatsapp_cloud',
  'website_forms',
  'linkedin_lead_forms',
  'google_business_profile',
  'crm_generic',
  'google_meet',
  'instagram_graph',
];

/** The 20 seed endpoints as OpenAPI writes them. */
const SEED_ENDPOINTS: Array<[method: 'get' | 'post', path: string]> = [
  ['post', '/onboarding/checklist'],
  ['post', '/onboarding/update-step'],
  ['get', '/onboarding/checklist/demo'],
  ['get', '/connectors/catalog'],
  ['post', '/connectors/summary'],
  ['post', '/connectors/update'],
  ['get', '/connectors/demo'],
  ['get', '/support/priorities'],
  ['post', '/support/classify'],
  ['post', '/support/route'],
  ['get', '/support/first-response/{priority}'],
  ['post', '/sla/event'],
  ['post', '/sla/classify-breach'],
  ['post', '/sla/health-report'],
  ['get', '/sla/health-report/demo'],
  ['post', '/incidents/triage'],
  ['get', '/incidents/response-plan/{severity}'],
  ['post', '/cs/weekly-check-in'],
  ['post', '/cs/at-risk-alert'],
  ['post', '/cs/success-plan'],
];

/** A valid body for every POST endpoint, used by the cross-cutting checks. */
const VALID_POST_BODIES: Record<string, unknown> = {
  '/onboarding/checklist': { customer_id: 'cust-1', company_name: 'شركة الأفق', bundle_id: 'growth_starter' },
  '/connectors/summary': { customer_id: 'cust-1', statuses: {} },
  '/connectors/update': { statuses: {}, connector_key: 'gmail', state: 'configuring' },
  '/support/classify': { text: 'عندي سؤال عن الباقات' },
  '/support/route': { text: 'عندي سؤال عن الباقات', customer_id: 'cust-1', contact_email: 'sara@example.sa' },
  '/sla/event': { ticket_id: 't-1', priority: 'P1', event: 'opened' },
  '/sla/classify-breach': { priority: 'P1', minutes_to_first_response: 10, hours_to_resolve: 1 },
  '/sla/health-report': { tickets: [{ priority: 'P1', first_response_min: 10, resolution_hours: 1 }] },
  '/incidents/triage': { title: 'Gmail drafts delayed', affected_customers: 1 },
  '/cs/weekly-check-in': { customer_id: 'cust-1', company_name: 'شركة الأفق', metrics: {} },
  '/cs/at-risk-alert': {
    customer_id: 'cust-1',
    days_inactive: 0,
    drafts_pending: 0,
    last_proof_pack_days_ago: 0,
  },
  '/cs/success-plan': { customer_id: 'cust-1', bundle_id: 'growth_starter' },
};
const POST_PATHS = Object.keys(VALID_POST_BODIES);
// update-step needs a checklist from the app; it is added to the cross-cutting checks below.

async function newChecklist(): Promise<Json> {
  return ok(await postJson(app, '/onboarding/checklist', VALID_POST_BODIES['/onboarding/checklist']));
}

async function completeStep(
  checklist: Json,
  step_id: string,
  extra: Record<string, unknown> = {},
): Promise<Res> {
  return postJson(app, '/onboarding/update-step', { checklist, step_id, completed: true, ...extra });
}

// ───────────────────────────────────────────────────────────────────────────── system routes

describe('system routes', () => {
  it('answers /healthz with 200, status ok and the clock time', async () => {
    const body = ok(await get(app, '/healthz', { raw: true }));
    expect(body.status).toBe('ok');
    expect(body.time).toBe(NOW_ISO);
    expect(typeof body.version).toBe('string');
  });

  it('lists all 20 seed endpoints with their methods in /openapi.json', async () => {
    const doc = ok(await get(app, '/openapi.json', { raw: true }));
    const paths = doc.paths as Record<string, Record<string, unknown>>;
    for (const [method, path] of SEED_ENDPOINTS) {
      const full = api(path);
      expect(paths[full], full).toBeDefined();
      expect(paths[full]?.[method], `${method} ${full}`).toBeDefined();
    }
    const compatPaths = Object.keys(paths).filter((p) => p.startsWith('/api/v1/customer-ops/'));
    expect(new Set(compatPaths).size).toBeGreaterThanOrEqual(20);
  });

  it('serves the API docs UI at /docs', async () => {
    const res = await get(app, '/docs', { raw: true });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Swagger UI');
  });

  it('redirects / to /companies.html', async () => {
    const res = await get(app, '/', { raw: true });
    expect([301, 302, 303, 307, 308]).toContain(res.statusCode);
    expect(res.headers.location).toBe('/companies.html');
  });

  it('serves the companies landing page the root redirects to', async () => {
    const res = await get(app, '/companies.html', { raw: true });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
  });

  it.each([
    ['an unknown top-level path', 'GET', '/nope'],
    ['an unknown compat path', 'GET', api('/onboarding/nope')],
    ['a known path with the wrong method', 'DELETE', api('/connectors/demo')],
    ['a GET on a POST-only endpoint', 'GET', api('/support/classify')],
  ] as const)('answers %s with 404 not_found', async (_name, method, url) => {
    const res = await app.inject({ method, url });
    seenStatuses.push({ method, url, status: res.statusCode });
    expectError(res, 404, 'not_found');
  });
});

// ───────────────────────────────────────────────────────────────────────────── onboarding

describe('POST /onboarding/checklist', () => {
  it('creates 8 open steps with select_goal current and the estimated total of all minutes', async () => {
    const c = await newChecklist();
    expect(c.customer_id).toBe('cust-1');
    expect(c.company_name).toBe('شركة الأفق');
    expect(c.bundle_id).toBe('growth_starter');
    expect(c.total_steps).toBe(8);
    expect(c.completed_steps).toBe(0);
    expect(c.progress_pct).toBe(0);
    expect(c.current_step_id).toBe('select_goal');
    expect(c.estimated_total_minutes).toBe(2 + 3 + 5 + 8 + 5 + 4 + 0 + 0);
    expect(c.created_at).toBe(NOW_ISO);
    expect(c.steps.map((s: Json) => s.step_id)).toEqual(STEP_IDS);
    expect(c.steps.every((s: Json) => s.completed === false && s.completed_at === null)).toBe(true);
    expectDraftOnly(c);
  });

  it.each([
    ['select_goal', 1, 2, false],
    ['select_bundle', 2, 3, true],
    ['company_intake', 3, 5, false],
    ['connect_channels', 4, 8, true],
    ['upload_or_source', 5, 5, true],
    ['risk_review', 6, 4, true],
    ['first_service_run', 7, 0, true],
    ['first_proof_pack', 8, 0, false],
  ])(
    'gives step %s order %i, %i minutes and requires_approval %s as in the SPEC table',
    async (id, order, minutes, approval) => {
      const c = await newChecklist();
      const step = c.steps.find((s: Json) => s.step_id === id);
      expect(step.order).toBe(order);
      expect(step.minutes).toBe(minutes);
      expect(step.requires_approval).toBe(approval);
    },
  );

  it.each([
    [
      'customer_id is missing',
      { company_name: 'x', bundle_id: 'growth_starter' },
      'validation_failed',
      'customer_id',
    ],
    [
      'customer_id is a number',
      { customer_id: 5, company_name: 'x', bundle_id: 'growth_starter' },
      'validation_failed',
      'customer_id',
    ],
    [
      'customer_id is empty',
      { customer_id: '', company_name: 'x', bundle_id: 'growth_starter' },
      'validation_failed',
      'customer_id',
    ],
    [
      'company_name is missing',
      { customer_id: 'c', bundle_id: 'growth_starter' },
      'validation_failed',
      'company_name',
    ],
    [
      'company_name is over 200 characters',
      { customer_id: 'c', company_name: 'ش'.repeat(201), bundle_id: 'growth_starter' },
      'validation_failed',
      'company_name',
    ],
    ['bundle_id is missing', { customer_id: 'c', company_name: 'x' }, 'validation_failed', 'bundle_id'],
    [
      'bundle_id is unknown',
      { customer_id: 'c', company_name: 'x', bundle_id: 'platinum' },
      'unknown_bundle',
      'bundle_id',
    ],
  ])('rejects a body where %s with 400', async (_name, body, code, field) => {
    expectError(await postJson(app, '/onboarding/checklist', body), 400, code, field);
  });
});

describe('POST /onboarding/update-step', () => {
  it('completes one step: progress 12.5, the next step current, completed_at from the clock, notes kept', async () => {
    const c = await newChecklist();
    const u = ok(await completeStep(c, 'select_goal', { notes: 'الهدف: اجتماعات B2B' }));
    expect(u.completed_steps).toBe(1);
    expect(u.progress_pct).toBe(12.5);
    expect(u.current_step_id).toBe('select_bundle');
    const step = u.steps.find((s: Json) => s.step_id === 'select_goal');
    expect(step.completed).toBe(true);
    expect(step.completed_at).toBe(NOW_ISO);
    expect(step.notes).toBe('الهدف: اجتماعات B2B');
    expect(u.total_steps).toBe(8);
    expectDraftOnly(u);
  });

  it('walks current_step_id through all 8 steps to done with progress 100', async () => {
    let c = await newChecklist();
    const progress: number[] = [];
    const current: string[] = [];
    for (const id of STEP_IDS) {
      c = ok(await completeStep(c, id));
      progress.push(c.progress_pct);
      current.push(c.current_step_id);
    }
    expect(progress).toEqual([12.5, 25, 37.5, 50, 62.5, 75, 87.5, 100]);
    expect(current).toEqual([...STEP_IDS.slice(1), 'done']);
    expect(c.completed_steps).toBe(8);
    expect(c.progress_pct).toBe(100);
    expect(c.current_step_id).toBe('done');
    expect(c.is_complete).toBe(true);
  });

  it('re-opens a completed step when completed is false', async () => {
    const c = ok(await completeStep(await newChecklist(), 'select_goal'));
    const u = ok(
      await postJson(app, '/onboarding/update-step', {
        checklist: c,
        step_id: 'select_goal',
        completed: false,
      }),
    );
    expect(u.progress_pct).toBe(0);
    expect(u.current_step_id).toBe('select_goal');
    expect(u.steps[0].completed_at).toBeNull();
  });

  it('accepts a minimal client checklist with only step ids and recomputes the derived fields', async () => {
    const checklist = {
      customer_id: 'c',
      company_name: 'x',
      bundle_id: 'growth_starter',
      steps: STEP_IDS.map((step_id) => ({ step_id })),
      progress_pct: 99,
      current_step_id: 'done',
    };
    const u = ok(
      await postJson(app, '/onboarding/update-step', { checklist, step_id: 'select_goal', completed: true }),
    );
    expect(u.progress_pct).toBe(12.5);
    expect(u.current_step_id).toBe('select_bundle');
  });

  const minimal = (steps: unknown[]) => ({
    customer_id: 'c',
    company_name: 'x',
    bundle_id: 'growth_starter',
    steps,
  });
  const allSteps = STEP_IDS.map((step_id) => ({ step_id }));

  it.each([
    [
      'the step id is unknown',
      { checklist: minimal(allSteps), step_id: 'launch_rocket', completed: true },
      'unknown_step',
      'step_id',
    ],
    [
      'completed is the string "true"',
      { checklist: minimal(allSteps), step_id: 'select_goal', completed: 'true' },
      'validation_failed',
      'completed',
    ],
    [
      'completed is missing',
      { checklist: minimal(allSteps), step_id: 'select_goal' },
      'validation_failed',
      'completed',
    ],
    ['step_id is missing', { checklist: minimal(allSteps), completed: true }, 'validation_failed', 'step_id'],
    [
      'step_id is a number',
      { checklist: minimal(allSteps), step_id: 1, completed: true },
      'validation_failed',
      'step_id',
    ],
    [
      'notes are over 2000 characters',
      { checklist: minimal(allSteps), step_id: 'select_goal', completed: true, notes: 'n'.repeat(2001) },
      'validation_failed',
      'notes',
    ],
    [
      'the checklist is missing',
      { step_id: 'select_goal', completed: true },
      'validation_failed',
      'checklist',
    ],
    [
      'the checklist is a string',
      { checklist: 'x', step_id: 'select_goal', completed: true },
      'validation_failed',
      'checklist',
    ],
    [
      'the checklist lacks steps',
      { checklist: minimal([{ step_id: 'select_goal' }]), step_id: 'select_goal', completed: true },
      'missing_steps',
      'checklist.steps',
    ],
    [
      'the checklist repeats a step',
      {
        checklist: minimal([{ step_id: 'select_goal' }, { step_id: 'select_goal' }]),
        step_id: 'select_goal',
        completed: true,
      },
      'duplicate_step',
      'checklist.steps.1.step_id',
    ],
    [
      'the checklist has an unknown step',
      { checklist: minimal([{ step_id: 'nope' }]), step_id: 'select_goal', completed: true },
      'unknown_step',
      'checklist.steps.0.step_id',
    ],
    [
      'a checklist step has completed "yes"',
      {
        checklist: minimal([{ step_id: 'select_goal', completed: 'yes' }]),
        step_id: 'select_goal',
        completed: true,
      },
      'validation_failed',
      'checklist.steps.0.completed',
    ],
    [
      'a checklist step has no step_id',
      { checklist: minimal([{}]), step_id: 'select_goal', completed: true },
      'validation_failed',
      'checklist.steps.0.step_id',
    ],
    [
      'the checklist has more than 8 steps',
      {
        checklist: minimal([...allSteps, { step_id: 'select_goal' }]),
        step_id: 'select_goal',
        completed: true,
      },
      'validation_failed',
      'checklist.steps',
    ],
  ])('rejects a body where %s with 400', async (_name, body, code, field) => {
    expectError(await postJson(app, '/onboarding/update-step', body), 400, code, field);
  });
});

describe('GET /onboarding/checklist/demo', () => {
  it('returns a demo checklist with the first three steps done (37.5%, connect_channels current)', async () => {
    const c = ok(await get(app, '/onboarding/checklist/demo'));
    expect(c.total_steps).toBe(8);
    expect(c.completed_steps).toBe(3);
    expect(c.progress_pct).toBe(37.5);
    expect(c.current_step_id).toBe('connect_channels');
    expect(c.steps).toHaveLength(8);
    expectDraftOnly(c);
  });
});

// ───────────────────────────────────────────────────────────────────────────── connectors

describe('GET /connectors/catalog', () => {
  it('lists the 11 connectors in the SPEC order with total 11', async () => {
    const body = ok(await get(app, '/connectors/catalog'));
    expect(body.total).toBe(11);
    expect(body.connectors.map((c: Json) => c.key)).toEqual(CONNECTOR_KEYS);
  });

  it.each([
    ['gmail', 'draft_only', 1, false],
    ['google_calendar', 'draft_only', 1, false],
    ['google_sheets', 'approved_execute', 1, false],
    ['moyasar', 'manual', 1, false],
    ['whatsapp_cloud', 'draft_only', 1, true],
    ['website_forms', 'approved_execute', 1, false],
    ['linkedin_lead_forms', 'ingest_only', 2, false],
    ['google_business_profile', 'draft_only', 2, false],
    ['crm_generic', 'draft_only', 2, false],
    ['google_meet', 'ingest_only', 2, false],
    ['instagram_graph', 'ingest_only', 3, false],
  ])('describes %s with default mode %s, phase %i and blocking %s', async (key, mode, phase, blocking) => {
    const body = ok(await get(app, '/connectors/catalog'));
    const c = body.connectors.find((x: Json) => x.key === key);
    expect(c.default_mode).toBe(mode);
    expect(c.phase).toBe(phase);
    expect(c.blocking).toBe(blocking);
  });
});

describe('POST /connectors/summary', () => {
  it('summarises a customer with nothing set up: 11 total, none connected, whatsapp_cloud blocking, not ready', async () => {
    const s = ok(await postJson(app, '/connectors/summary', { customer_id: 'cust-1', statuses: {} }));
    expect(s.customer_id).toBe('cust-1');
    expect(s.total).toBe(11);
    expect(s.connected_count).toBe(0);
    expect(s.connected_pct).toBe(0);
    expect(s.by_state.not_started).toBe(11);
    expect(s.blocking_missing).toEqual(['whatsapp_cloud']);
    expect(s.ready_for_first_service).toBe(false);
    expect(s.connectors).toHaveLength(11);
    expectDraftOnly(s);
  });

  it('accepts a body without statuses as all not_started', async () => {
    const s = ok(await postJson(app, '/connectors/summary', { customer_id: 'cust-1' }));
    expect(s.by_state.not_started).toBe(11);
  });

  it.each([
    ['only gmail connected', { gmail: 'connected_draft_only' }, 1, ['whatsapp_cloud'], false],
    ['whatsapp_cloud connected (draft only)', { whatsapp_cloud: 'connected_draft_only' }, 1, [], true],
    [
      'whatsapp_cloud connected (approved execute)',
      { whatsapp_cloud: 'connected_approved_execute' },
      1,
      [],
      true,
    ],
    [
      'whatsapp_cloud still configuring, gmail connected',
      { whatsapp_cloud: 'configuring', gmail: 'connected_draft_only' },
      1,
      ['whatsapp_cloud'],
      false,
    ],
    [
      'whatsapp_cloud skipped, gmail connected',
      { whatsapp_cloud: { state: 'skipped', notes: 'no opt-in list yet' }, gmail: 'connected_draft_only' },
      1,
      ['whatsapp_cloud'],
      false,
    ],
    [
      'whatsapp_cloud failed',
      { whatsapp_cloud: { state: 'failed', notes: 'number not verified' } },
      0,
      ['whatsapp_cloud'],
      false,
    ],
    [
      'whatsapp_cloud and gmail connected',
      { whatsapp_cloud: 'connected_approved_execute', gmail: 'connected_draft_only' },
      2,
      [],
      true,
    ],
  ])(
    'with %s: connected_count %i, blocking_missing %j, ready_for_first_service %s',
    async (_name, statuses, count, missing, ready) => {
      const s = ok(await postJson(app, '/connectors/summary', { customer_id: 'c', statuses }));
      expect(s.connected_count).toBe(count);
      expect(s.blocking_missing).toEqual(missing);
      expect(s.ready_for_first_service).toBe(ready);
    },
  );

  it('computes connected_pct with one decimal and counts by state', async () => {
    const s = ok(
      await postJson(app, '/connectors/summary', {
        customer_id: 'c',
        statuses: {
          whatsapp_cloud: 'connected_approved_execute',
          gmail: 'connected_draft_only',
          moyasar: 'configuring',
        },
      }),
    );
    expect(s.connected_pct).toBe(18.2);
    expect(s.by_state).toMatchObject({
      connected_approved_execute: 1,
      connected_draft_only: 1,
      configuring: 1,
      not_started: 8,
    });
  });

  it('never enables a live action because a connector is connected', async () => {
    const statuses = Object.fromEntries(CONNECTOR_KEYS.map((k) => [k, 'connected_approved_execute']));
    const s = ok(await postJson(app, '/connectors/summary', { customer_id: 'c', statuses }));
    expect(s.connected_count).toBe(11);
    expect(s.connectors.every((c: Json) => c.live_action_enabled === false)).toBe(true);
    expectDraftOnly(s);
  });

  it('keeps the notes of the {state, notes} shape', async () => {
    const s = ok(
      await postJson(app, '/connectors/summary', {
        customer_id: 'c',
        statuses: { gmail: { state: 'failed', notes: 'OAuth scope missing' } },
      }),
    );
    const gmail = s.connectors.find((c: Json) => c.key === 'gmail');
    expect(gmail.state).toBe('failed');
    expect(gmail.notes).toBe('OAuth scope missing');
  });

  it.each([
    ['customer_id is missing', { statuses: {} }, 'validation_failed', 'customer_id'],
    ['customer_id is a number', { customer_id: 7 }, 'validation_failed', 'customer_id'],
    ['statuses is an array', { customer_id: 'c', statuses: [] }, 'validation_failed', 'statuses'],
    [
      'a connector is unknown',
      { customer_id: 'c', statuses: { telegram: 'configuring' } },
      'unknown_connector',
      'statuses.telegram',
    ],
    [
      'a state is unknown',
      { customer_id: 'c', statuses: { gmail: 'half_connected' } },
      'unknown_state',
      'statuses.gmail.state',
    ],
    [
      'an object state is unknown',
      { customer_id: 'c', statuses: { gmail: { state: 'half_connected' } } },
      'unknown_state',
      'statuses.gmail.state',
    ],
    [
      'a state is a number',
      { customer_id: 'c', statuses: { gmail: 5 } },
      'validation_failed',
      'statuses.gmail',
    ],
    [
      'a key is an inherited object property',
      { customer_id: 'c', statuses: { constructor: 'configuring' } },
      'unknown_connector',
      'statuses.constructor',
    ],
  ])('rejects a body where %s with 400', async (_name, body, code, field) => {
    expectError(await postJson(app, '/connectors/summary', body), 400, code, field);
  });
});

describe('POST /connectors/update', () => {
  it.each([
    ['not_started', 'configuring', ''],
    ['not_started', 'skipped', 'customer has no WhatsApp Business number'],
    ['configuring', 'connected_draft_only', ''],
    ['configuring', 'connected_approved_execute', ''],
    ['configuring', 'failed', 'OAuth scope missing'],
    ['configuring', 'skipped', 'customer chose not to'],
    ['failed', 'configuring', 'retry'],
    ['skipped', 'configuring', ''],
    ['connected_draft_only', 'configuring', ''],
    ['connected_approved_execute', 'failed', 'token revoked'],
  ])('moves gmail from %s to %s', async (from, to, notes) => {
    const body = ok(
      await postJson(app, '/connectors/update', {
        statuses: { gmail: { state: from, notes: 'before' }, moyasar: 'configuring' },
        connector_key: 'gmail',
        state: to,
        notes,
      }),
    );
    expect(body.statuses.gmail.state).toBe(to);
    expect(body.statuses.gmail.notes).toBe(notes);
    expect(body.statuses.gmail.updated_at).toBe(NOW_ISO);
    expect(body.statuses.moyasar.state).toBe('configuring');
  });

  it('starts from not_started when statuses are omitted', async () => {
    const body = ok(
      await postJson(app, '/connectors/update', { connector_key: 'whatsapp_cloud', state: 'configuring' }),
    );
    expect(body.statuses).toEqual({
      whatsapp_cloud: { state: 'configuring', notes: '', updated_at: NOW_ISO },
    });
  });

  it.each([
    ['not_started', 'connected_draft_only'],
    ['not_started', 'connected_approved_execute'],
    ['not_started', 'failed'],
    ['skipped', 'connected_draft_only'],
    ['failed', 'connected_approved_execute'],
    ['connected_draft_only', 'skipped'],
    ['connected_approved_execute', 'not_started'],
    ['configuring', 'not_started'],
  ])('refuses the illegal move %s → %s with 409 invalid_transition', async (from, to) => {
    const res = await postJson(app, '/connectors/update', {
      statuses: { gmail: from },
      connector_key: 'gmail',
      state: to,
      notes: 'a reason',
    });
    const body = expectError(res, 409, 'invalid_transition', 'state');
    expect(body.details).toMatchObject({ from, to });
  });

  it.each([
    ['failed without notes', 'failed', undefined],
    ['failed with blank notes', 'failed', '   '],
    ['skipped without notes', 'skipped', undefined],
  ])('refuses %s with 400 reason_required on notes', async (_name, state, notes) => {
    const res = await postJson(app, '/connectors/update', {
      statuses: { gmail: 'configuring' },
      connector_key: 'gmail',
      state,
      notes,
    });
    expectError(res, 400, 'reason_required', 'notes');
  });

  it.each([
    [
      'connector_key is unknown',
      { connector_key: 'telegram', state: 'configuring' },
      'unknown_connector',
      'connector_key',
    ],
    ['state is unknown', { connector_key: 'gmail', state: 'half_connected' }, 'unknown_state', 'state'],
    ['connector_key is missing', { state: 'configuring' }, 'validation_failed', 'connector_key'],
    ['state is missing', { connector_key: 'gmail' }, 'validation_failed', 'state'],
    ['state is a number', { connector_key: 'gmail', state: 5 }, 'validation_failed', 'state'],
    [
      'connector_key is empty',
      { connector_key: '', state: 'configuring' },
      'validation_failed',
      'connector_key',
    ],
    [
      'notes are over 1000 characters',
      { connector_key: 'gmail', state: 'configuring', notes: 'n'.repeat(1001) },
      'validation_failed',
      'notes',
    ],
    [
      'a stored status names an unknown connector',
      { statuses: { telegram: 'configuring' }, connector_key: 'gmail', state: 'configuring' },
      'unknown_connector',
      'statuses.telegram',
    ],
    [
      'a stored status has an unknown state',
      { statuses: { gmail: 'weird' }, connector_key: 'gmail', state: 'configuring' },
      'unknown_state',
      'statuses.gmail.state',
    ],
  ])('rejects a body where %s with 400', async (_name, body, code, field) => {
    expectError(await postJson(app, '/connectors/update', body), 400, code, field);
  });
});

describe('GET /connectors/demo', () => {
  it('returns a demo summary: 2 connected, whatsapp_cloud blocking, not ready', async () => {
    const s = ok(await get(app, '/connectors/demo'));
    expect(s.total).toBe(11);
    expect(s.connected_count).toBe(2);
    expect(s.by_state.configuring).toBe(1);
    expect(s.blocking_missing).toEqual(['whatsapp_cloud']);
    expect(s.ready_for_first_service).toBe(false);
    expectDraftOnly(s);
  });
});

// ───────────────────────────────────────────────────────────────────────────── support

describe('GET /support/priorities', () => {
  it.each([
    ['P0', 30, 4, 'founder'],
    ['P1', 120, 24, 'operator_oncall'],
    ['P2', 480, 72, 'operator_oncall'],
    ['P3', 1440, 168, 'operator_team'],
  ])(
    'lists %s with first response %i min, resolution %i h and owner %s',
    async (priority, fr, res, owner) => {
      const body = ok(await get(app, '/support/priorities'));
      expect(body.priorities.map((p: Json) => p.priority)).toEqual(['P0', 'P1', 'P2', 'P3']);
      expect(body.priorities.find((p: Json) => p.priority === priority)).toMatchObject({
        first_response_minutes: fr,
        resolution_hours: res,
        owner,
      });
    },
  );
});

describe('POST /support/classify', () => {
  it.each([
    ['فيه تسريب بيانات عملائنا', 'P0'],
    ['صار إرسال خاطئ لعميل ما له علاقة', 'P0'],
    ['صار إرسال بدون موافقة', 'P0'],
    ['انرسلت رسالة بدون موافقتي', 'P0'],
    ['النظام أرسل بدون ما أوافق', 'P0'],
    ['our API secret is visible in the page source', 'P0'],
    ['there was a data breach', 'P0'],
    ['the platform is completely down', 'P0'],
    ['Moyasar made a live charge on our card without approval', 'P0'],
    ['unauthorized access to our account', 'P0'],
    ['تـــســريـب بيانات', 'P0'],
    ['تَسْرِيب بيانات', 'P0'],
    ['You charged our card and we did not approve it', 'P0'],
    ['We have a total outage since this morning', 'P0'],
    ['the platform is down for all users', 'P0'],
    ['انقطاع كامل في المنصة', 'P0'],
    ['service down since morning', 'P1'],
    ['service failed', 'P1'],
    ['Pilot stopped yesterday', 'P1'],
    ['Proof Pack مفقود من الداشبورد', 'P1'],
    ['connector not working', 'P2'],
    ['Gmail not syncing', 'P2'],
    ['ربط Calendar ما يشتغل', 'P2'],
    ['WhatsApp setup pending verification', 'P2'],
    ['عندي سؤال عن الباقات', 'P3'],
  ])('classifies %j as %s', async (text, priority) => {
    const body = ok(await postJson(app, '/support/classify', { text }));
    expect(body.priority).toBe(priority);
    expect(typeof body.reason_ar).toBe('string');
    expect(body.reason_ar.length).toBeGreaterThan(0);
    if (priority !== 'P3') expect(body.matched_keyword.length).toBeGreaterThan(0);
  });

  it('names the matched words as the customer wrote them', async () => {
    const body = ok(await postJson(app, '/support/classify', { text: 'فيه تسريب بيانات' }));
    expect(body.priority).toBe('P0');
    expect(body.matched_keyword).toBe('تسريب');
    expect(body.reason_ar).toContain('تسريب');
  });

  it.each([
    ['empty text', ''],
    ['whitespace only', '   \n '],
  ])('classifies %s as P3', async (_name, text) => {
    const body = ok(await postJson(app, '/support/classify', { text }));
    expect(body.priority).toBe('P3');
    expect(body.matched_keyword).toBe('');
  });

  it('accepts text of exactly 20000 characters', async () => {
    ok(await postJson(app, '/support/classify', { text: 'س'.repeat(20_000) }));
  });

  // Real tickets the SPEC's P0–P2 definitions and the seed's keyword floor cover (once missed, now fixed).
  it.each([
    ['An email was sent to our client and we did not approve it', 'P0'],
    ['The campaign went out but we did not approve it', 'P0'],
    ['فيه مشكلة أمان في حسابنا', 'P0'],
    ['الخدمة معطلة', 'P1'],
  ])('classifies %j as %s', async (text, priority) => {
    const body = ok(await postJson(app, '/support/classify', { text }));
    expect(body.priority).toBe(priority);
  });

  it.each([
    ['text is a number (no coercion)', { text: 5 }, 'validation_failed', 'text'],
    ['text is null', { text: null }, 'validation_failed', 'text'],
    ['text is an array', { text: ['leak'] }, 'validation_failed', 'text'],
    ['text is missing', {}, 'validation_failed', 'text'],
    ['text is over 20000 characters', { text: 'x'.repeat(20_001) }, 'validation_failed', 'text'],
    ['the body is an array', [{ text: 'x' }], 'validation_failed', 'body'],
    ['the body is a string', 'leak', 'validation_failed', 'body'],
  ])('rejects a body where %s with 400', async (_name, body, code, field) => {
    expectError(await postJson(app, '/support/classify', body), 400, code, field);
  });

  it('answers a body over 1 MB with 413 payload_too_large', async () => {
    expectError(
      await postJson(app, '/support/classify', { text: 'x'.repeat(1_100_000) }),
      413,
      'payload_too_large',
    );
  });
});

describe('POST /support/route', () => {
  it('routes a P0 ticket to the founder with the 30 min / 4 h SLA and a 30-minute Arabic draft', async () => {
    const body = ok(
      await postJson(app, '/support/route', {
        text: 'فيه تسريب بيانات عملائنا',
        customer_id: 'cust-1',
        contact_email: 'sara@example.sa',
        contact_name: 'سارة',
      }),
    );
    expect(body.priority).toBe('P0');
    expect(body.classification.priority).toBe('P0');
    expect(body.classification.matched_keyword).toBe('تسريب');
    expect(body.sla).toMatchObject({ first_response_minutes: 30, resolution_hours: 4, owner: 'founder' });
    expect(body.owner).toBe('founder');
    expect(body.customer_id).toBe('cust-1');
    expect(body.contact_email).toBe('sara@example.sa');
    expect(body.first_response_template.priority).toBe('P0');
    expect(body.first_response_template.body_ar).toContain('خلال 30 دقيقة');
    expect(body.first_response_template.body_ar).toContain('سارة');
    expectDraftOnly(body);
    expectDraftOnly(body.first_response_template);
  });

  it.each([
    ['فيه تسريب بيانات عملائنا', 'P0', 30, 4, 'founder'],
    ['service down since morning', 'P1', 120, 24, 'operator_oncall'],
    ['Gmail not syncing', 'P2', 480, 72, 'operator_oncall'],
    ['عندي سؤال عن الباقات', 'P3', 1440, 168, 'operator_team'],
  ])(
    'routes %j as %s with first response %i min, resolution %i h, owner %s',
    async (text, priority, fr, res, owner) => {
      const body = ok(await postJson(app, '/support/route', { text }));
      expect(body.priority).toBe(priority);
      expect(body.sla.first_response_minutes).toBe(fr);
      expect(body.sla.resolution_hours).toBe(res);
      expect(body.owner).toBe(owner);
      expect(body.customer_id).toBeNull();
      expect(body.contact_email).toBeNull();
      expectDraftOnly(body);
      expectDraftOnly(body.first_response_template);
    },
  );

  it.each([
    ['text is a number', { text: 5 }, 'validation_failed', 'text'],
    ['text is missing', { customer_id: 'c' }, 'validation_failed', 'text'],
    ['text is over 20000 characters', { text: 'x'.repeat(20_001) }, 'validation_failed', 'text'],
    [
      'contact_email is not an email',
      { text: 'hi', contact_email: 'not-an-email' },
      'validation_failed',
      'contact_email',
    ],
    ['contact_email is a number', { text: 'hi', contact_email: 5 }, 'validation_failed', 'contact_email'],
    ['customer_id is empty', { text: 'hi', customer_id: '' }, 'validation_failed', 'customer_id'],
    [
      'contact_name is over 200 characters',
      { text: 'hi', contact_name: 'x'.repeat(201) },
      'validation_failed',
      'contact_name',
    ],
  ])('rejects a body where %s with 400', async (_name, body, code, field) => {
    expectError(await postJson(app, '/support/route', body), 400, code, field);
  });
});

describe('GET /support/first-response/{priority}', () => {
  it('drafts the P0 answer promising an update within 30 minutes', async () => {
    const body = ok(await get(app, '/support/first-response/P0'));
    expect(body.priority).toBe('P0');
    expect(body.body_ar).toContain('خلال 30 دقيقة');
    expectDraftOnly(body);
  });

  it('tells a P3 customer to write "حرج" to raise the priority', async () => {
    const body = ok(await get(app, '/support/first-response/P3'));
    expect(body.body_ar).toContain('حرج');
    expectDraftOnly(body);
  });

  it.each(['P2', 'P3'])('speaks of working hours in the %s draft', async (priority) => {
    const body = ok(await get(app, `/support/first-response/${priority}`));
    expect(body.body_ar).toContain('عمل');
    expect(body.body_ar).toContain('الأحد–الخميس');
  });

  it.each(['P0', 'P1', 'P2', 'P3', 'p1'])(
    'answers %s with an approval-only Arabic draft',
    async (priority) => {
      const body = ok(await get(app, `/support/first-response/${priority}`));
      expect(body.priority).toBe(priority.toUpperCase());
      expect(body.body_ar.length).toBeGreaterThan(20);
      expectDraftOnly(body);
    },
  );

  it.each(['P4', 'P9', 'urgent', 'P'])(
    'answers the unknown priority %s with 404 unknown_priority',
    async (priority) => {
      expectError(await get(app, `/support/first-response/${priority}`), 404, 'unknown_priority', 'priority');
    },
  );

  it('answers an over-long priority with 400 naming the field', async () => {
    expectError(
      await get(app, `/support/first-response/${'P'.repeat(40)}`),
      400,
      'validation_failed',
      'priority',
    );
  });
});

// ───────────────────────────────────────────────────────────────────────────── SLA

describe('POST /sla/event', () => {
  it.each(['opened', 'first_response', 'resolved', 'escalated'])(
    'records the %s event with the clock time',
    async (event) => {
      const body = ok(await postJson(app, '/sla/event', { ticket_id: 't-42', priority: 'P2', event }));
      expect(body).toEqual({ ticket_id: 't-42', priority: 'P2', event, ts: NOW_ISO });
    },
  );

  it.each([
    ['the event is unknown', { ticket_id: 't', priority: 'P1', event: 'closed' }, 'unknown_event', 'event'],
    ['the event is a number', { ticket_id: 't', priority: 'P1', event: 5 }, 'validation_failed', 'event'],
    ['the event is missing', { ticket_id: 't', priority: 'P1' }, 'validation_failed', 'event'],
    [
      'the priority is unknown',
      { ticket_id: 't', priority: 'P7', event: 'opened' },
      'validation_failed',
      'priority',
    ],
    [
      'the priority is lower case',
      { ticket_id: 't', priority: 'p1', event: 'opened' },
      'validation_failed',
      'priority',
    ],
    ['ticket_id is missing', { priority: 'P1', event: 'opened' }, 'validation_failed', 'ticket_id'],
    [
      'ticket_id is empty',
      { ticket_id: '', priority: 'P1', event: 'opened' },
      'validation_failed',
      'ticket_id',
    ],
    [
      'ticket_id is a number',
      { ticket_id: 42, priority: 'P1', event: 'opened' },
      'validation_failed',
      'ticket_id',
    ],
  ])('rejects a body where %s with 400', async (_name, body, code, field) => {
    expectError(await postJson(app, '/sla/event', body), 400, code, field);
  });
});

describe('POST /sla/classify-breach', () => {
  it('lists both breaches of a late P0 with actual vs target', async () => {
    const body = ok(
      await postJson(app, '/sla/classify-breach', {
        priority: 'P0',
        minutes_to_first_response: 45,
        hours_to_resolve: 5,
      }),
    );
    expect(body.priority).toBe('P0');
    expect(body.breached).toBe(true);
    expect(body.breaches).toHaveLength(2);
    expect(body.breaches[0]).toMatchObject({
      kind: 'first_response',
      actual: 45,
      target: 30,
      unit: 'minutes',
    });
    expect(body.breaches[1]).toMatchObject({ kind: 'resolution', actual: 5, target: 4, unit: 'hours' });
  });

  it.each([
    ['P0', 30, 4, []],
    ['P0', 31, 4, ['first_response']],
    ['P0', 10, 4.5, ['resolution']],
    ['P1', 120, 24, []],
    ['P1', 121, 25, ['first_response', 'resolution']],
    ['P2', 480, 72, []],
    ['P2', 481, 10, ['first_response']],
    ['P3', 1440, 168, []],
    ['P3', 1441, 169, ['first_response', 'resolution']],
    ['P3', null, null, []],
  ])('judges %s at %s min / %s h as breaching %j', async (priority, fr, res, kinds) => {
    const body = ok(
      await postJson(app, '/sla/classify-breach', {
        priority,
        minutes_to_first_response: fr,
        hours_to_resolve: res,
      }),
    );
    expect(body.breached).toBe(kinds.length > 0);
    expect(body.breaches.map((b: Json) => b.kind)).toEqual(kinds);
  });

  it('accepts a ticket with neither number yet as not breached', async () => {
    const body = ok(await postJson(app, '/sla/classify-breach', { priority: 'P1' }));
    expect(body).toEqual({ priority: 'P1', breached: false, breaches: [] });
  });

  it.each([
    [
      'minutes are a string (no coercion)',
      { priority: 'P0', minutes_to_first_response: '45' },
      'minutes_to_first_response',
    ],
    ['hours are a string', { priority: 'P0', hours_to_resolve: '5' }, 'hours_to_resolve'],
    ['minutes are negative', { priority: 'P0', minutes_to_first_response: -1 }, 'minutes_to_first_response'],
    ['hours are negative', { priority: 'P0', hours_to_resolve: -0.5 }, 'hours_to_resolve'],
    ['the priority is missing', { minutes_to_first_response: 10 }, 'priority'],
    ['the priority is unknown', { priority: 'P4', minutes_to_first_response: 10 }, 'priority'],
    ['the priority is a number', { priority: 0 }, 'priority'],
  ])('rejects a body where %s with 400', async (_name, body, field) => {
    expectError(await postJson(app, '/sla/classify-breach', body), 400, 'validation_failed', field);
  });
});

/** n tickets of which `breached` breach their P1 first-response target. */
function tickets(n: number, breached: number): Array<Record<string, unknown>> {
  return Array.from({ length: n }, (_, i) => ({
    ticket_id: `t-${i}`,
    priority: 'P1',
    first_response_min: i < breached ? 200 : 60,
    resolution_hours: 10,
  }));
}

describe('POST /sla/health-report', () => {
  it('reports totals, per priority counts, averages and each breach with actual vs target', async () => {
    const body = ok(
      await postJson(app, '/sla/health-report', {
        tickets: [
          { ticket_id: 'a', priority: 'P0', first_response_min: 20, resolution_hours: 3 },
          { ticket_id: 'b', priority: 'P0', first_response_min: 45, resolution_hours: 5 },
          { ticket_id: 'c', priority: 'P2', first_response_min: 300, resolution_hours: 48 },
          { ticket_id: 'd', priority: 'P3', first_response_min: 100, resolution_hours: null },
        ],
      }),
    );
    expect(body.total_tickets).toBe(4);
    expect(body.total_breached).toBe(1);
    expect(body.breach_rate).toBe(0.25);
    expect(body.verdict).toBe('critical');
    expect(body.by_priority.P0).toMatchObject({
      count: 2,
      breached: 1,
      avg_first_response_min: 32.5,
      avg_resolution_hours: 4,
    });
    expect(body.by_priority.P1).toMatchObject({ count: 0, breached: 0 });
    expect(body.by_priority.P3).toMatchObject({ count: 1, breached: 0, avg_resolution_hours: null });
    expect(body.breaches).toHaveLength(1);
    expect(body.breaches[0].ticket_id).toBe('b');
    expect(body.breaches[0].priority).toBe('P0');
    expect(body.breaches[0].breaches).toEqual([
      expect.objectContaining({ kind: 'first_response', actual: 45, target: 30 }),
      expect.objectContaining({ kind: 'resolution', actual: 5, target: 4 }),
    ]);
  });

  it.each([
    [0, 0, 0, 'healthy'],
    [20, 0, 0, 'healthy'],
    [11, 1, 0.091, 'healthy'],
    [100, 9, 0.09, 'healthy'],
    [10, 1, 0.1, 'watch'],
    [100, 10, 0.1, 'watch'],
    [25, 6, 0.24, 'watch'],
    [4, 1, 0.25, 'critical'],
    [100, 25, 0.25, 'critical'],
    [3, 1, 0.333, 'critical'],
    [3, 2, 0.667, 'critical'],
    [7, 7, 1, 'critical'],
  ])(
    'over %i tickets with %i breached gives breach_rate %d and verdict %s',
    async (n, breached, rate, verdict) => {
      const body = ok(await postJson(app, '/sla/health-report', { tickets: tickets(n, breached) }));
      expect(body.total_tickets).toBe(n);
      expect(body.total_breached).toBe(breached);
      expect(body.breach_rate).toBe(rate);
      expect(body.verdict).toBe(verdict);
      expect(body.escalate_to_founder).toBe(verdict === 'critical');
      expect(body.freeze_live_actions).toBe(verdict === 'critical');
    },
  );

  it('rounds breach_rate to 3 decimals', async () => {
    const body = ok(await postJson(app, '/sla/health-report', { tickets: tickets(7, 1) }));
    expect(body.breach_rate).toBe(0.143);
  });

  it.each([
    ['tickets is missing', {}, 'tickets'],
    ['tickets is a string', { tickets: 'x' }, 'tickets'],
    ['a ticket has an unknown priority', { tickets: [{ priority: 'P5' }] }, 'tickets.0.priority'],
    ['a ticket has no priority', { tickets: [{ first_response_min: 5 }] }, 'tickets.0.priority'],
    [
      'a ticket has negative minutes',
      { tickets: [{ priority: 'P0', first_response_min: -1 }] },
      'tickets.0.first_response_min',
    ],
    [
      'a ticket has hours as a string',
      { tickets: [{ priority: 'P0', resolution_hours: '3' }] },
      'tickets.0.resolution_hours',
    ],
    ['a ticket is not an object', { tickets: ['P0'] }, 'tickets.0'],
  ])('rejects a body where %s with 400', async (_name, body, field) => {
    expectError(await postJson(app, '/sla/health-report', body), 400, 'validation_failed', field);
  });
});

describe('GET /sla/health-report/demo', () => {
  it('returns the demo report: 10 tickets, 2 breached, rate 0.2, watch', async () => {
    const body = ok(await get(app, '/sla/health-report/demo'));
    expect(body.total_tickets).toBe(10);
    expect(body.total_breached).toBe(2);
    expect(body.breach_rate).toBe(0.2);
    expect(body.verdict).toBe('watch');
    expect(Object.keys(body.by_priority)).toEqual(['P0', 'P1', 'P2', 'P3']);
    expect(body.breaches).toHaveLength(2);
  });
});

// ───────────────────────────────────────────────────────────────────────────── incidents

describe('POST /incidents/triage', () => {
  it.each([
    ['a data leak with 0 customers', { affected_customers: 0, has_data_leak: true }, 'SEV1', 15, 30],
    ['a data leak with 1 customer', { affected_customers: 1, has_data_leak: true }, 'SEV1', 15, 30],
    [
      'an unauthorized send to 1 customer',
      { affected_customers: 1, has_unauthorized_send: true },
      'SEV1',
      15,
      30,
    ],
    [
      'an unauthorized send with 0 customers',
      { affected_customers: 0, has_unauthorized_send: true },
      'SEV1',
      15,
      30,
    ],
    ['exactly 5 affected customers', { affected_customers: 5 }, 'SEV2', 30, 60],
    ['200 affected customers', { affected_customers: 200 }, 'SEV2', 30, 60],
    ['exactly 4 affected customers', { affected_customers: 4 }, 'SEV3', 120, 240],
    [
      '1 affected customer',
      { affected_customers: 1, has_data_leak: false, has_unauthorized_send: false },
      'SEV3',
      120,
      240,
    ],
    ['0 affected customers (degraded performance)', { affected_customers: 0 }, 'SEV3', 120, 240],
  ])(
    'triages %s as %s (first action %i min, updates every %i min)',
    async (_name, input, severity, first, cadence) => {
      const body = ok(
        await postJson(app, '/incidents/triage', { title: 'حادثة', description: 'وصف', ...input }),
      );
      expect(body.severity).toBe(severity);
      expect(body.first_action_minutes).toBe(first);
      expect(body.update_cadence_minutes).toBe(cadence);
      expect(typeof body.reason_ar).toBe('string');
      expect(body.plan_ar.length).toBeGreaterThanOrEqual(5);
      expect(body.freeze_live_actions).toBe(true);
      expectDraftOnly(body);
    },
  );

  it('marks a data leak as PDPL-relevant, notifies the founder and includes the PDPL notification step', async () => {
    const body = ok(
      await postJson(app, '/incidents/triage', {
        title: 'تسريب قائمة عملاء',
        affected_customers: 0,
        has_data_leak: true,
      }),
    );
    expect(body.severity).toBe('SEV1');
    expect(body.pdpl_applies).toBe(true);
    expect(body.notify_founder).toBe(true);
    expect(body.plan_ar.some((s: string) => s.includes('PDPL'))).toBe(true);
    expect(body.plan_ar.some((s: string) => s.includes('72'))).toBe(true);
  });

  it('does not apply PDPL or page the founder for a SEV3 without a leak', async () => {
    const body = ok(
      await postJson(app, '/incidents/triage', { title: 'بطء في التقارير', affected_customers: 1 }),
    );
    expect(body.severity).toBe('SEV3');
    expect(body.pdpl_applies).toBe(false);
    expect(body.notify_founder).toBe(false);
  });

  it('accepts a 200-character title', async () => {
    ok(await postJson(app, '/incidents/triage', { title: 'ع'.repeat(200), affected_customers: 1 }));
  });

  it.each([
    ['title is missing', { affected_customers: 1 }, 'validation_failed', 'title'],
    ['title is empty', { title: '', affected_customers: 1 }, 'validation_failed', 'title'],
    ['title is only spaces', { title: '   ', affected_customers: 1 }, 'title_required', 'title'],
    [
      'title is over 200 characters',
      { title: 'x'.repeat(201), affected_customers: 1 },
      'validation_failed',
      'title',
    ],
    ['title is a number', { title: 5, affected_customers: 1 }, 'validation_failed', 'title'],
    [
      'description is over 5000 characters',
      { title: 'x', description: 'd'.repeat(5001), affected_customers: 1 },
      'validation_failed',
      'description',
    ],
    ['affected_customers is missing', { title: 'x' }, 'validation_failed', 'affected_customers'],
    [
      'affected_customers is negative',
      { title: 'x', affected_customers: -1 },
      'validation_failed',
      'affected_customers',
    ],
    [
      'affected_customers is a fraction',
      { title: 'x', affected_customers: 2.5 },
      'validation_failed',
      'affected_customers',
    ],
    [
      'affected_customers is the string "5"',
      { title: 'x', affected_customers: '5' },
      'validation_failed',
      'affected_customers',
    ],
    [
      'affected_customers is absurdly large',
      { title: 'x', affected_customers: 1_000_001 },
      'validation_failed',
      'affected_customers',
    ],
    [
      'has_data_leak is the string "yes"',
      { title: 'x', affected_customers: 0, has_data_leak: 'yes' },
      'validation_failed',
      'has_data_leak',
    ],
    [
      'has_unauthorized_send is 1',
      { title: 'x', affected_customers: 0, has_unauthorized_send: 1 },
      'validation_failed',
      'has_unauthorized_send',
    ],
  ])('rejects a body where %s with 400', async (_name, body, code, field) => {
    expectError(await postJson(app, '/incidents/triage', body), 400, code, field);
  });
});

describe('GET /incidents/response-plan/{severity}', () => {
  it.each([
    ['SEV1', 8, 'خلية أزمة'],
    ['SEV2', 7, '60 دقيقة'],
    ['SEV3', 7, 'اختياري'],
  ])(
    'returns the %s plan: the 5 common steps, its own extras (%i in all) and the PDPL step',
    async (severity, length, extra) => {
      const body = ok(await get(app, `/incidents/response-plan/${severity}`));
      expect(body.severity).toBe(severity);
      expect(body.plan_ar).toHaveLength(length);
      expect(body.plan_ar[0]).toContain('أوقف');
      expect(body.plan_ar.some((s: string) => s.includes('PDPL'))).toBe(true);
      expect(body.plan_ar.some((s: string) => s.includes(extra))).toBe(true);
    },
  );

  it('puts the SEV1 post-mortem within 24 hours and the SEV2 one within 48', async () => {
    const sev1 = ok(await get(app, '/incidents/response-plan/SEV1'));
    const sev2 = ok(await get(app, '/incidents/response-plan/SEV2'));
    expect(sev1.plan_ar.some((s: string) => s.includes('24 ساعة'))).toBe(true);
    expect(sev2.plan_ar.some((s: string) => s.includes('48 ساعة'))).toBe(true);
  });

  it('accepts a lower-case severity', async () => {
    expect(ok(await get(app, '/incidents/response-plan/sev2')).severity).toBe('SEV2');
  });

  it.each(['SEV4', 'SEV0', 'P0', 'critical'])(
    'answers the unknown severity %s with 404 unknown_severity',
    async (severity) => {
      expectError(
        await get(app, `/incidents/response-plan/${severity}`),
        404,
        'unknown_severity',
        'severity',
      );
    },
  );

  it('answers an over-long severity with 400 naming the field', async () => {
    expectError(
      await get(app, `/incidents/response-plan/${'S'.repeat(40)}`),
      400,
      'validation_failed',
      'severity',
    );
  });
});

// ───────────────────────────────────────────────────────────────────────────── customer success

describe('POST /cs/weekly-check-in', () => {
  it('returns a 25-minute agenda of five 5-minute items and talking points from the metrics', async () => {
    const body = ok(
      await postJson(app, '/cs/weekly-check-in', {
        customer_id: 'cust-1',
        company_name: 'شركة الأفق',
        metrics: { drafts_approved: 12, replies: 4, meetings: 3, risks_blocked: 2, pipeline_sar: 85000 },
      }),
    );
    expect(body.customer_id).toBe('cust-1');
    expect(body.duration_minutes).toBe(25);
    expect(body.agenda_ar).toHaveLength(5);
    expect(body.agenda_ar.every((a: Json) => a.minutes === 5 && typeof a.title_ar === 'string')).toBe(true);
    expect(body.agenda_ar[0].title_ar).toContain('Proof Pack');
    expect(body.talking_points_ar).toHaveLength(5);
    const text = body.talking_points_ar.join(' | ');
    for (const n of ['12', '4', '3', '2', '85,000']) expect(text).toContain(n);
    expectDraftOnly(body);
  });

  it('treats missing metrics as zero and still gives five talking points', async () => {
    const body = ok(await postJson(app, '/cs/weekly-check-in', { customer_id: 'c', company_name: 'x' }));
    expect(body.talking_points_ar).toHaveLength(5);
    expectDraftOnly(body);
  });

  it.each([
    ['customer_id is missing', { company_name: 'x' }, 'customer_id'],
    ['company_name is missing', { customer_id: 'c' }, 'company_name'],
    [
      'company_name is over 200 characters',
      { customer_id: 'c', company_name: 'x'.repeat(201) },
      'company_name',
    ],
    ['metrics is a string', { customer_id: 'c', company_name: 'x', metrics: 'x' }, 'metrics'],
    [
      'meetings is negative',
      { customer_id: 'c', company_name: 'x', metrics: { meetings: -1 } },
      'metrics.meetings',
    ],
    [
      'meetings is a fraction',
      { customer_id: 'c', company_name: 'x', metrics: { meetings: 1.5 } },
      'metrics.meetings',
    ],
    [
      'replies is the string "3"',
      { customer_id: 'c', company_name: 'x', metrics: { replies: '3' } },
      'metrics.replies',
    ],
    [
      'pipeline_sar is negative',
      { customer_id: 'c', company_name: 'x', metrics: { pipeline_sar: -100 } },
      'metrics.pipeline_sar',
    ],
  ])('rejects a body where %s with 400', async (_name, body, field) => {
    expectError(await postJson(app, '/cs/weekly-check-in', body), 400, 'validation_failed', field);
  });
});

describe('POST /cs/at-risk-alert', () => {
  it.each([
    // days_inactive, drafts_pending, last_proof_pack_days_ago → score, severity
    [0, 0, 0, 0, 'low'],
    [6, 4, 13, 0, 'low'],
    [7, 0, 0, 20, 'low'],
    [13, 0, 0, 20, 'low'],
    [14, 0, 0, 40, 'medium'],
    [0, 5, 0, 10, 'low'],
    [0, 9, 0, 10, 'low'],
    [0, 10, 0, 25, 'low'],
    [0, 0, 14, 30, 'medium'],
    [7, 5, 0, 30, 'medium'],
    [0, 10, 14, 55, 'medium'],
    [7, 5, 14, 60, 'high'],
    [14, 10, 0, 65, 'high'],
    [14, 0, 14, 70, 'high'],
    [7, 10, 14, 75, 'high'],
    [14, 10, 14, 95, 'high'],
  ])(
    'scores %i days inactive, %i drafts pending, last Proof Pack %i days ago as %i (%s)',
    async (d, p, pp, score, severity) => {
      const body = ok(
        await postJson(app, '/cs/at-risk-alert', {
          customer_id: 'cust-1',
          days_inactive: d,
          drafts_pending: p,
          last_proof_pack_days_ago: pp,
        }),
      );
      expect(body.customer_id).toBe('cust-1');
      expect(body.risk_score).toBe(score);
      expect(body.severity).toBe(severity);
      expectDraftOnly(body);
    },
  );

  it('caps the score at 100 even for extreme inputs', async () => {
    const body = ok(
      await postJson(app, '/cs/at-risk-alert', {
        customer_id: 'c',
        days_inactive: 100_000,
        drafts_pending: 1_000_000,
        last_proof_pack_days_ago: 100_000,
      }),
    );
    expect(body.risk_score).toBeLessThanOrEqual(100);
    expect(body.risk_score).toBe(95);
    expect(body.severity).toBe('high');
  });

  it('lists one Arabic reason per rule that fired and recommends the founder email + QBR when high', async () => {
    const body = ok(
      await postJson(app, '/cs/at-risk-alert', {
        customer_id: 'c',
        days_inactive: 20,
        drafts_pending: 12,
        last_proof_pack_days_ago: 30,
      }),
    );
    expect(body.reasons_ar).toHaveLength(3);
    expect(body.reasons_ar[0]).toContain('20');
    expect(body.reasons_ar[1]).toContain('12');
    expect(body.reasons_ar[2]).toContain('30');
    expect(body.recommended_action_ar).toContain('المؤسس');
    expect(body.recommended_action_ar).toContain('QBR');
  });

  it('recommends a Proof Pack summary and a new-service demo when medium, a normal check-in when low', async () => {
    const medium = ok(
      await postJson(app, '/cs/at-risk-alert', {
        customer_id: 'c',
        days_inactive: 14,
        drafts_pending: 0,
        last_proof_pack_days_ago: 0,
      }),
    );
    expect(medium.recommended_action_ar).toContain('Proof Pack');
    const low = ok(
      await postJson(app, '/cs/at-risk-alert', {
        customer_id: 'c',
        days_inactive: 0,
        drafts_pending: 0,
        last_proof_pack_days_ago: 0,
      }),
    );
    expect(low.reasons_ar).toEqual([]);
    expect(low.recommended_action_ar).toContain('متابعة أسبوعية');
  });

  it.each([
    [
      'customer_id is missing',
      { days_inactive: 1, drafts_pending: 1, last_proof_pack_days_ago: 1 },
      'customer_id',
    ],
    [
      'days_inactive is missing',
      { customer_id: 'c', drafts_pending: 1, last_proof_pack_days_ago: 1 },
      'days_inactive',
    ],
    [
      'days_inactive is negative',
      { customer_id: 'c', days_inactive: -1, drafts_pending: 1, last_proof_pack_days_ago: 1 },
      'days_inactive',
    ],
    [
      'days_inactive is the string "7"',
      { customer_id: 'c', days_inactive: '7', drafts_pending: 1, last_proof_pack_days_ago: 1 },
      'days_inactive',
    ],
    [
      'drafts_pending is a fraction',
      { customer_id: 'c', days_inactive: 1, drafts_pending: 1.5, last_proof_pack_days_ago: 1 },
      'drafts_pending',
    ],
    [
      'drafts_pending is null',
      { customer_id: 'c', days_inactive: 1, drafts_pending: null, last_proof_pack_days_ago: 1 },
      'drafts_pending',
    ],
    [
      'last_proof_pack_days_ago is missing',
      { customer_id: 'c', days_inactive: 1, drafts_pending: 1 },
      'last_proof_pack_days_ago',
    ],
    [
      'last_proof_pack_days_ago is over the maximum',
      { customer_id: 'c', days_inactive: 1, drafts_pending: 1, last_proof_pack_days_ago: 1e9 },
      'last_proof_pack_days_ago',
    ],
  ])('rejects a body where %s with 400', async (_name, body, field) => {
    expectError(await postJson(app, '/cs/at-risk-alert', body), 400, 'validation_failed', field);
  });
});

describe('POST /cs/success-plan', () => {
  it.each([
    ['growth_starter', [1, 3, 7, 14, 30], 'Proof Pack v1'],
    ['executive_growth_os', [1, 7, 14, 21, 30], 'Founder Shadow Board'],
    ['partnership_growth', [1, 5, 10, 14, 30], '20 شريك'],
  ])('plans %s on days %j', async (bundle_id, days, mention) => {
    const body = ok(await postJson(app, '/cs/success-plan', { customer_id: 'cust-1', bundle_id }));
    expect(body.customer_id).toBe('cust-1');
    expect(body.bundle_id).toBe(bundle_id);
    expect(body.plan_bundle).toBe(bundle_id);
    expect(body.fallback).toBe(false);
    expect(body.cadence_ar.map((d: Json) => d.day)).toEqual(days);
    expect(JSON.stringify(body.cadence_ar)).toContain(mention);
    expectDraftOnly(body);
  });

  it('puts the Founder Shadow Board v1 on day 14 of executive_growth_os', async () => {
    const body = ok(
      await postJson(app, '/cs/success-plan', { customer_id: 'c', bundle_id: 'executive_growth_os' }),
    );
    const day14 = body.cadence_ar.find((d: Json) => d.day === 14);
    expect(day14.items_ar.join(' ')).toContain('Founder Shadow Board');
  });

  it.each(['data_to_revenue', 'full_growth_control_tower'])(
    'falls back to the growth_starter plan for %s',
    async (bundle_id) => {
      const body = ok(await postJson(app, '/cs/success-plan', { customer_id: 'c', bundle_id }));
      expect(body.bundle_id).toBe(bundle_id);
      expect(body.plan_bundle).toBe('growth_starter');
      expect(body.fallback).toBe(true);
      expect(body.cadence_ar.map((d: Json) => d.day)).toEqual([1, 3, 7, 14, 30]);
      expectDraftOnly(body);
    },
  );

  it('dates the plan from the clock: day 1 is today in Riyadh and the QBR is day 90', async () => {
    const body = ok(
      await postJson(app, '/cs/success-plan', { customer_id: 'c', bundle_id: 'growth_starter' }),
    );
    expect(body.cadence_ar[0].date).toBe('2026-11-22');
    expect(body.cadence_ar[4].date).toBe('2026-12-21');
    expect(body.qbr.day).toBe(90);
  });

  it.each([
    ['bundle_id is unknown', { customer_id: 'c', bundle_id: 'platinum' }, 'unknown_bundle', 'bundle_id'],
    ['bundle_id is missing', { customer_id: 'c' }, 'validation_failed', 'bundle_id'],
    ['bundle_id is a number', { customer_id: 'c', bundle_id: 1 }, 'validation_failed', 'bundle_id'],
    ['bundle_id is empty', { customer_id: 'c', bundle_id: '' }, 'validation_failed', 'bundle_id'],
    ['customer_id is missing', { bundle_id: 'growth_starter' }, 'validation_failed', 'customer_id'],
  ])('rejects a body where %s with 400', async (_name, body, code, field) => {
    expectError(await postJson(app, '/cs/success-plan', body), 400, code, field);
  });
});

// ───────────────────────────────────────────────────────────────────────────── cross-cutting

describe('every outbound-related answer is a draft that needs approval', () => {
  const cases: Array<[name: string, call: () => Promise<Json>]> = [
    ['a routed ticket', async () => ok(await postJson(app, '/support/route', { text: 'فيه تسريب بيانات' }))],
    [
      'the routed first-response template',
      async () => ok(await postJson(app, '/support/route', { text: 'سؤال' })).first_response_template,
    ],
    ['a first-response draft', async () => ok(await get(app, '/support/first-response/P1'))],
    ['a new onboarding checklist', async () => newChecklist()],
    [
      'an updated onboarding checklist',
      async () => ok(await completeStep(await newChecklist(), 'select_goal')),
    ],
    ['the demo checklist', async () => ok(await get(app, '/onboarding/checklist/demo'))],
    ['a connector summary', async () => ok(await postJson(app, '/connectors/summary', { customer_id: 'c' }))],
    [
      'a weekly check-in',
      async () => ok(await postJson(app, '/cs/weekly-check-in', VALID_POST_BODIES['/cs/weekly-check-in'])),
    ],
    [
      'a high at-risk alert',
      async () =>
        ok(
          await postJson(app, '/cs/at-risk-alert', {
            customer_id: 'c',
            days_inactive: 30,
            drafts_pending: 30,
            last_proof_pack_days_ago: 30,
          }),
        ),
    ],
    [
      'a success plan',
      async () => ok(await postJson(app, '/cs/success-plan', VALID_POST_BODIES['/cs/success-plan'])),
    ],
    [
      'a SEV1 triage',
      async () =>
        ok(
          await postJson(app, '/incidents/triage', {
            title: 'x',
            affected_customers: 0,
            has_unauthorized_send: true,
          }),
        ),
    ],
    [
      'a SEV3 triage',
      async () => ok(await postJson(app, '/incidents/triage', VALID_POST_BODIES['/incidents/triage'])),
    ],
  ];
  it.each(cases)('says approval_required true and live_send_allowed false for %s', async (_name, call) => {
    expectDraftOnly(await call());
  });
});

describe('every POST endpoint rejects malformed requests with a stable 4xx', () => {
  const all = [...POST_PATHS, '/onboarding/update-step'];

  it.each(POST_PATHS)('accepts its valid sample body at %s', async (path) => {
    ok(await postJson(app, path, VALID_POST_BODIES[path]));
  });

  it.each(all)('answers invalid JSON at %s with 400 invalid_json', async (path) => {
    expectError(await postRaw(app, path, '{"text": "unterminated'), 400, 'invalid_json');
  });

  it.each(all)('answers an XML body at %s with 415 unsupported_media_type', async (path) => {
    expectError(
      await postRaw(app, path, '<text>leak</text>', 'application/xml'),
      415,
      'unsupported_media_type',
    );
  });

  it.each(all)('answers an empty JSON body at %s with 400 empty_body', async (path) => {
    expectError(await postRaw(app, path, ''), 400, 'empty_body');
  });

  it.each(all)('answers a JSON array body at %s with 400 naming the body', async (path) => {
    expectError(await postJson(app, path, []), 400, 'validation_failed', 'body');
  });

  it.each(all)('answers a JSON null body at %s with 400', async (path) => {
    const res = await postRaw(app, path, 'null');
    expect(res.statusCode).toBe(400);
    expect(typeof res.json().error).toBe('string');
  });

  it.each(all)('answers a body with a __proto__ key at %s with 400, never a 500', async (path) => {
    const res = await postRaw(app, path, '{"__proto__": {"polluted": true}}');
    expect(res.statusCode).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('no request in this file got a 500', () => {
  it('saw only 2xx, 3xx and 4xx answers', () => {
    expect(seenStatuses.length).toBeGreaterThan(100);
    const serverErrors = seenStatuses.filter((s) => s.status >= 500);
    expect(serverErrors).toEqual([]);
  });
});
