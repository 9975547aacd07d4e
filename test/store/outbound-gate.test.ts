/**
 * Approval-first outbound end to end, through the HTTP API, on every dialect: drafts of every kind,
 * the customer's Approval Pack, who may approve what, the one send gate (hand-off, live email over
 * a local SMTP server, live WhatsApp against a fake Cloud API), freezes, and the unauthorized-send
 * detector. Every decision is checked in the Action Ledger, and the chain verifies after each test.
 * The live adapters only ever talk to servers started here on 127.0.0.1.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contentHash } from '../../src/contexts/drafts/gate.js';
import { closeEmailTransports } from '../../src/contexts/outbound/email.js';
import { OUTBOUND_ENV } from '../../src/contexts/outbound/flags.js';
import { type App, buildApp } from '../../src/http/app.js';
import { fixedClock } from '../../src/lib/clock.js';
import type { Store } from '../../src/store/db.js';
import { bearer, type Principals, seedPrincipals } from '../support/auth.js';
import { DIALECTS } from '../support/stores.js';

// Sunday 6 Dec 2026, 10:00 Riyadh.
const START = '2026-12-06T07:00:00.000Z';
const MINUTE = 60_000;

const P2_TEXT = 'ربط Gmail ما يشتغل من امس';
const P0_TEXT = 'في تسريب بيانات العملاء، شفنا قائمة عملائنا عند طرف ثاني';
const REPLY_AR =
  'مرحباً أحمد،\nراجعنا ربط Gmail عندكم ورجع يشتغل. إذا واجهتك أي مشكلة ثانية رد على هذه الرسالة.\nفريق Dealix';
const REPLY_EN = 'Hello Ahmed, we checked your Gmail connection and it works again.';
const OUTREACH_AR =
  'السلام عليكم، نود نعرّفكم على خدماتنا في تنظيم المبيعات. هل يناسبكم اتصال قصير هذا الأسبوع؟';
const CLAIM_AR = 'نضمن لك نتائج مضمونة 100٪';
const EMAIL = 'ahmed@afaq.sa';
const PHONE = '+966 50 123 4567';
const PHONE_E164 = '+966501234567';
const TOKEN = 'EAAG-test-token-never-shown';
const PHONE_ID = '106540352242922';
const WAMID = 'wamid.HBgLOTY2NTAxMjM0NTY3FQIAERgSQjFBRjM0QTk3RkE2QkVEQkFDAA==';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are read loosely, as JSON; toMatchObject checks them.
type Body = Record<string, unknown> & { [k: string]: any };
interface Entry {
  seq: number;
  action: string;
  actor: string;
  data: Body;
}

// ---------------------------------------------------------------------------------------------
// Local servers: an SMTP server and a fake WhatsApp Cloud API, both on 127.0.0.1 and a free port.

/** Reads back the text part of a message nodemailer wrote (base64 or quoted-printable). */
function parseMail(raw: string): { headers: Map<string, string>; text: string } {
  const at = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, at).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map<string, string>();
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    headers.set(line.slice(0, i).toLowerCase(), line.slice(i + 1).trim());
  }
  const body = raw.slice(at + 4);
  const cte = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  let bytes: Buffer;
  if (cte === 'base64') bytes = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  else if (cte === 'quoted-printable')
    bytes = Buffer.from(
      body
        .replace(/=\r\n/g, '')
        .replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
      'latin1',
    );
  else bytes = Buffer.from(body, 'utf8');
  return { headers, text: bytes.toString('utf8').replace(/\r\n/g, '\n').replace(/\n$/, '') };
}

/** The text of a hand-off .eml (its body is base64 in lines of 76). */
function emlText(eml: string): { headers: string; text: string } {
  const at = eml.indexOf('\r\n\r\n');
  return {
    headers: eml.slice(0, at),
    text: Buffer.from(eml.slice(at + 4).replace(/\s+/g, ''), 'base64').toString('utf8'),
  };
}

interface Mail {
  from: string | false;
  to: string[];
  raw: string;
}

type RcptHook = (
  address: SMTPServerAddress,
  session: SMTPServerSession,
  cb: (err?: Error | null) => void,
) => void;

async function startSmtp(onRcptTo?: RcptHook) {
  const received: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    // No certificate and no accounts on a test server.
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    ...(onRcptTo ? { onRcptTo } : {}),
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : false,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface CloudRequest {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingMessage['headers'];
  body: unknown;
}

/** Answers every text message as the Cloud API documents an accepted one. */
async function startCloudApi() {
  const requests: CloudRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // kept as text; the assertions will say so
      }
      requests.push({ method: req.method, url: req.url, headers: req.headers, body });
      const to = (body as { to?: string }).to ?? '';
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          messaging_product: 'whatsapp',
          contacts: [{ input: to, wa_id: to }],
          messages: [{ id: WAMID }],
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---------------------------------------------------------------------------------------------

describe.each(DIALECTS)('approval-first outbound on $name', (dialect) => {
  let store: Store & { dispose(): Promise<void> };
  let app: App;
  let keys: Principals;
  let savedEnv: Record<string, string | undefined>;
  let servers: Array<() => Promise<void>>;
  const clock = fixedClock(START);

  beforeEach(async () => {
    clock.set(START);
    // Every test starts with every channel off, whatever the shell running the tests has set.
    savedEnv = Object.fromEntries(OUTBOUND_ENV.map((name) => [name, process.env[name]]));
    for (const name of OUTBOUND_ENV) delete process.env[name];
    servers = [];
    store = await dialect.open();
    app = await buildApp({ clock, store });
    keys = await seedPrincipals(store, clock);
  });
  afterEach(async () => {
    try {
      // Every test leaves an intact Ledger.
      const verify = await app.inject({
        method: 'GET',
        url: '/api/v1/ledger/verify',
        headers: bearer(keys.founder),
      });
      expect(verify.statusCode).toBe(200);
      expect(verify.json()).toMatchObject({ ok: true });
    } finally {
      for (const name of OUTBOUND_ENV) {
        const v = savedEnv[name];
        if (v === undefined) delete process.env[name];
        else process.env[name] = v;
      }
      closeEmailTransports();
      for (const close of servers) await close();
      await app.close();
      await store.dispose();
    }
  });

  const call = async (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    url: string,
    payload?: object,
    key = keys.founder,
  ) => {
    const res = await app.inject({ method, url: `/api/v1${url}`, payload, headers: bearer(key) });
    expect(res.statusCode, `${method} ${url} → ${res.body}`).not.toBe(500);
    return { status: res.statusCode, body: res.json() as Body };
  };
  const me = async (key: string) => (await call('GET', '/me', undefined, key)).body.user_id as string;
  const ledger = async (subject: string) =>
    (await call('GET', `/ledger?subject=${subject}&limit=1000`)).body.entries as Entry[];
  const actions = async (subject: string) => (await ledger(subject)).map((e) => e.action);
  const lastOf = async (subject: string, action: string) =>
    (await ledger(subject)).filter((e) => e.action === action).at(-1);
  const incidents = async () => (await call('GET', '/incidents')).body.incidents as Body[];

  const smtp = async (onRcptTo?: RcptHook) => {
    const s = await startSmtp(onRcptTo);
    servers.push(s.close);
    return s;
  };
  const cloudApi = async () => {
    const s = await startCloudApi();
    servers.push(s.close);
    return s;
  };
  const liveEmail = (url: string) => {
    process.env.GMAIL_ALLOW_LIVE_SEND = 'true';
    process.env.SMTP_URL = url;
    process.env.SMTP_FROM = 'Dealix <ops@dealix.sa>';
  };
  const liveWhatsApp = (base: string) => {
    process.env.WHATSAPP_ALLOW_LIVE_SEND = 'true';
    process.env.WHATSAPP_TOKEN = TOKEN;
    process.env.WHATSAPP_PHONE_NUMBER_ID = PHONE_ID;
    process.env.WHATSAPP_API_BASE = base;
    process.env.WHATSAPP_API_VERSION = 'v21.0';
  };
  /** Walks a customer's connector through the given states (each a legal move). */
  const connector = async (customer: string, key: string, ...states: string[]) => {
    for (const state of states) {
      const r = await call('PUT', `/customers/${customer}/connectors/${key}`, { state });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
  };
  const optIn = async (customer: string, phone = PHONE) => {
    const r = await call('POST', `/customers/${customer}/whatsapp-opt-ins`, {
      phone,
      source: 'written_consent',
      evidence: 'signed form 2291',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body;
  };

  const ticket = async (text: string, customer = keys.customerIdA) => {
    const r = await call('POST', '/tickets', {
      customer_id: customer,
      text,
      channel: 'email',
      contact_email: EMAIL,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body;
  };
  const incident = async (over: object = {}, customer = keys.customerIdA) => {
    const r = await call('POST', '/incidents', {
      title: 'تأخر في مزامنة البريد',
      affected_customers: 1,
      customer_ids: [customer],
      ...over,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body.incident as Body;
  };
  const outreach = (over: object = {}, customer = keys.customerIdA) => ({
    kind: 'outreach',
    channel: 'email',
    recipient: EMAIL,
    customer_id: customer,
    subject_type: 'customer',
    subject_id: customer,
    body_ar: OUTREACH_AR,
    ...over,
  });
  const create = async (payload: object, key = keys.founder) => {
    const r = await call('POST', '/drafts', payload, key);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body;
  };
  const reply = async (ticketId: string, over: object = {}, customer = keys.customerIdA) =>
    create({
      kind: 'ticket_reply',
      channel: 'email',
      recipient: EMAIL,
      customer_id: customer,
      subject_type: 'ticket',
      subject_id: ticketId,
      body_ar: REPLY_AR,
      ...over,
    });
  const approve = (id: string, key = keys.founder) => call('POST', `/drafts/${id}/approve`, {}, key);
  const send = (id: string, key = keys.founder) => call('POST', `/drafts/${id}/send`, {}, key);
  const draft = async (id: string) => (await call('GET', `/drafts/${id}`)).body;
  /** A draft written and approved by staff, ready to send. */
  const approved = async (payload: object, key = keys.team) => {
    const d = await create(payload);
    const r = await approve(d.id, key);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.status).toBe('approved');
    return r.body;
  };
  const refused = async (id: string, code: string, key = keys.founder) => {
    const r = await send(id, key);
    expect(r, JSON.stringify(r.body)).toMatchObject({
      status: 409,
      body: { error: code, details: { draft_id: id, check: code } },
    });
    expect(await lastOf(id, 'draft.send_refused')).toMatchObject({ data: { check: code } });
  };
  const freeze = async (body: object) => {
    const r = await call('POST', '/freezes', { reason: 'مراجعة جودة القائمة', ...body });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body;
  };
  const lift = (id: string, key = keys.founder) =>
    call('POST', `/freezes/${id}/lift`, { reason: 'تمت المراجعة' }, key);

  // -------------------------------------------------------------------------------------------

  describe('writing drafts', () => {
    it('each kind is stored pending on its subject, checked for claims, and recorded', async () => {
      const t = await ticket(P2_TEXT);
      const i = await incident();
      const subjects: Array<[string, string, string]> = [
        ['ticket_reply', 'ticket', t.id],
        ['cs_check_in', 'customer', keys.customerIdA],
        ['incident_update', 'incident', i.id],
        ['pdpl_notice', 'incident', i.id],
        ['delivery_handoff', 'customer', keys.customerIdA],
        ['outreach', 'customer', keys.customerIdA],
      ];
      const writer = await me(keys.team);
      for (const [kind, subject_type, subject_id] of subjects) {
        const d = await create(
          { ...outreach({ kind, subject_type, subject_id }), body_en: 'Hello from Dealix' },
          keys.team,
        );
        expect(d).toMatchObject({
          id: expect.stringMatching(/^drf_/),
          kind,
          channel: 'email',
          recipient: EMAIL,
          subject_type,
          subject_id,
          customer_id: keys.customerIdA,
          body_ar: OUTREACH_AR,
          body_en: 'Hello from Dealix',
          status: 'pending',
          version: 1,
          created_at: START,
          approved_by: null,
          sent_by: null,
          send_mode: null,
          claims: { ok: true, matches: [] },
        });
        const entries = await ledger(d.id);
        expect(entries.map((e) => [e.action, e.actor])).toEqual([['draft.created', writer]]);
        expect(entries[0]!.data).toMatchObject({
          kind,
          channel: 'email',
          subject_type,
          subject_id,
          customer_id: keys.customerIdA,
          version: 1,
          claims_ok: true,
        });
      }
      // A WhatsApp draft needs no email address.
      const wa = await create(outreach({ channel: 'whatsapp', recipient: PHONE }));
      expect(wa).toMatchObject({ channel: 'whatsapp', recipient: '+966501234567', status: 'pending' });
    });

    it('a malformed draft is a 400 naming the field', async () => {
      const t = await ticket(P2_TEXT);
      const i = await incident();
      const cases: Array<[object, string, string]> = [
        [outreach({ kind: 'newsletter' }), 'validation_failed', 'kind'],
        [outreach({ channel: 'fax' }), 'validation_failed', 'channel'],
        [{ ...outreach(), body_ar: undefined }, 'validation_failed', 'body_ar'],
        [outreach({ body_ar: '' }), 'validation_failed', 'body_ar'],
        [outreach({ subject_type: 'order' }), 'validation_failed', 'subject_type'],
        [outreach({ kind: 'ticket_reply' }), 'subject_mismatch', 'subject_type'],
        [
          outreach({ kind: 'ticket_reply', subject_type: 'incident', subject_id: i.id }),
          'subject_mismatch',
          'subject_type',
        ],
        [
          outreach({ kind: 'incident_update', subject_type: 'ticket', subject_id: t.id }),
          'subject_mismatch',
          'subject_type',
        ],
        [outreach({ kind: 'incident_update' }), 'subject_mismatch', 'subject_type'],
        [outreach({ kind: 'pdpl_notice' }), 'subject_mismatch', 'subject_type'],
        [outreach({ recipient: 'ahmed at afaq' }), 'invalid_recipient', 'recipient'],
        [outreach({ recipient: 'ahmed.afaq.sa' }), 'invalid_recipient', 'recipient'],
        [outreach({ subject_id: keys.customerIdB }), 'subject_mismatch', 'subject_id'],
      ];
      for (const [payload, error, field] of cases) {
        const r = await call('POST', '/drafts', payload);
        expect(r, JSON.stringify(payload)).toMatchObject({ status: 400, body: { error, field } });
      }
      expect(
        (await call('GET', `/ledger?action=draft.created`)).body.entries,
        'nothing refused is recorded as written',
      ).toEqual([]);
    });

    it('an unknown customer, and a subject that is another customer’s, are 404', async () => {
      const tB = await ticket(P2_TEXT, keys.customerIdB);
      const iB = await incident({}, keys.customerIdB);
      const r = await call('POST', '/drafts', outreach({ customer_id: 'cus_nope', subject_id: 'cus_nope' }));
      expect(r).toMatchObject({ status: 404, body: { error: 'customer_not_found', field: 'customer_id' } });
      const cases: object[] = [
        { kind: 'ticket_reply', subject_type: 'ticket', subject_id: tB.id },
        { kind: 'incident_update', subject_type: 'incident', subject_id: iB.id },
        { kind: 'pdpl_notice', subject_type: 'incident', subject_id: iB.id },
        { kind: 'ticket_reply', subject_type: 'ticket', subject_id: 'tkt_nope' },
        { kind: 'incident_update', subject_type: 'incident', subject_id: 'inc_nope' },
      ];
      for (const over of cases) {
        const x = await call('POST', '/drafts', outreach(over));
        expect(x, JSON.stringify(over)).toMatchObject({
          status: 404,
          body: { error: 'subject_not_found', field: 'subject_id' },
        });
      }
      expect(
        (await call('GET', '/drafts')).body.drafts.filter((d: Body) => d.kind !== 'ticket_first_response'),
      ).toEqual([]);
    });

    it('a prohibited claim is stored and flagged, but its approval is refused with the matches', async () => {
      const d = await create(outreach({ body_ar: CLAIM_AR }));
      expect(d.status).toBe('pending');
      expect(d.claims.ok).toBe(false);
      expect(d.claims.matches.length).toBeGreaterThan(0);
      for (const m of d.claims.matches as Body[]) {
        expect(m).toMatchObject({
          category: expect.any(String),
          phrase: expect.any(String),
          reason_ar: expect.any(String),
        });
        expect(CLAIM_AR.slice(m.start, m.end)).toBe(m.phrase);
      }
      expect((await ledger(d.id))[0]).toMatchObject({ action: 'draft.created', data: { claims_ok: false } });

      // Neither staff nor the customer whose outreach it is may approve it.
      for (const key of [keys.founder, keys.customerA]) {
        const r = await approve(d.id, key);
        expect(r).toMatchObject({
          status: 409,
          body: { error: 'prohibited_claim', field: 'body_ar', details: { matches: d.claims.matches } },
        });
      }
      expect((await draft(d.id)).status).toBe('pending');
      await refused(d.id, 'not_approved');

      // Rewritten without the claim it can be approved.
      const fixed = await call('PATCH', `/drafts/${d.id}`, { body_ar: OUTREACH_AR, version: 1 });
      expect(fixed.body.claims).toEqual({ ok: true, matches: [] });
      expect((await approve(d.id)).body.status).toBe('approved');
      expect(await actions(d.id)).toEqual([
        'draft.created',
        'draft.send_refused',
        'draft.edited',
        'draft.approved',
      ]);
      expect((await ledger(d.id))[2]!.data).toMatchObject({ claims_ok: true, approval_invalidated: false });
    });

    it('a customer key cannot write a draft, nor send one', async () => {
      const r = await call('POST', '/drafts', outreach(), keys.customerA);
      expect(r).toMatchObject({ status: 403, body: { error: 'forbidden' } });
      const d = await create(outreach());
      expect((await approve(d.id, keys.customerA)).status).toBe(200);
      expect(await send(d.id, keys.customerA)).toMatchObject({ status: 403, body: { error: 'forbidden' } });
      expect((await draft(d.id)).status).toBe('approved');
    });
  });

  // -------------------------------------------------------------------------------------------

  describe("the customer's Approval Pack", () => {
    it('a customer key sees, edits, approves and skips only its own outreach', async () => {
      const t = await ticket(P2_TEXT);
      const a1 = await create(outreach());
      clock.advance(MINUTE);
      const a2 = await create(outreach({ channel: 'whatsapp', recipient: PHONE }));
      clock.advance(MINUTE);
      const a3 = await create(outreach({ body_ar: 'مرحباً، عندنا عرض جديد لفريق المبيعات.' }));
      const aCheckIn = await create(outreach({ kind: 'cs_check_in' }));
      const aReply = await reply(t.id);
      const b1 = await create(outreach({}, keys.customerIdB));
      const contactA = await me(keys.customerA);

      const pack = await call('GET', '/drafts', undefined, keys.customerA);
      expect(pack.status).toBe(200);
      expect(pack.body.drafts.map((d: Body) => d.id)).toEqual([a1.id, a2.id, a3.id]);
      const filtered = async (qs: string) =>
        (await call('GET', `/drafts?${qs}`, undefined, keys.customerA)).body.drafts.map((d: Body) => d.id);
      expect(await filtered('kind=ticket_reply')).toEqual([]);
      expect(await filtered('kind=cs_check_in')).toEqual([]);
      expect(await filtered(`customer_id=${keys.customerIdA}&kind=outreach`)).toEqual([a1.id, a2.id, a3.id]);
      expect(
        await call('GET', `/drafts?customer_id=${keys.customerIdB}`, undefined, keys.customerA),
      ).toMatchObject({
        status: 404,
        body: { error: 'customer_not_found' },
      });
      expect(
        (await call('GET', '/drafts', undefined, keys.customerB)).body.drafts.map((d: Body) => d.id),
      ).toEqual([b1.id]);

      // Someone else's draft, and its own customer's drafts that are not outreach, are not there.
      for (const id of [b1.id, aCheckIn.id, aReply.id, t.draft.id]) {
        const calls = [
          call('GET', `/drafts/${id}`, undefined, keys.customerA),
          call('PATCH', `/drafts/${id}`, { body_ar: 'تعديل', version: 1 }, keys.customerA),
          call('POST', `/drafts/${id}/approve`, {}, keys.customerA),
          call('POST', `/drafts/${id}/reject`, { reason: 'لا' }, keys.customerA),
          call('POST', `/drafts/${id}/send`, {}, keys.customerA),
        ];
        for (const r of await Promise.all(calls))
          expect(r, id).toMatchObject({ status: 404, body: { error: 'draft_not_found' } });
      }
      // None of those attempts changed anything.
      for (const id of [b1.id, aCheckIn.id, aReply.id])
        expect(await draft(id)).toMatchObject({ status: 'pending', version: 1 });

      expect((await call('GET', `/drafts/${a1.id}`, undefined, keys.customerA)).body.id).toBe(a1.id);
      const edited = await call(
        'PATCH',
        `/drafts/${a1.id}`,
        { body_ar: `${OUTREACH_AR} نقدر نرتب الموعد حسب وقتكم.`, version: 1 },
        keys.customerA,
      );
      expect(edited).toMatchObject({ status: 200, body: { status: 'pending', version: 2 } });
      const stale = await call('PATCH', `/drafts/${a1.id}`, { body_ar: 'قديم', version: 1 }, keys.customerA);
      expect(stale).toMatchObject({ status: 409, body: { error: 'stale_version' } });
      const ok = await approve(a1.id, keys.customerA);
      expect(ok).toMatchObject({ status: 200, body: { status: 'approved', approved_by: contactA } });
      const skipped = await call(
        'POST',
        `/drafts/${a2.id}/reject`,
        { reason: 'مو الوقت المناسب' },
        keys.customerA,
      );
      expect(skipped).toMatchObject({
        status: 200,
        body: { status: 'rejected', rejected_by: contactA, reject_reason: 'مو الوقت المناسب' },
      });
      expect(await approve(a2.id, keys.customerA)).toMatchObject({
        status: 409,
        body: { error: 'not_pending' },
      });

      expect((await ledger(a1.id)).map((e) => [e.action, e.actor])).toEqual([
        ['draft.created', await me(keys.founder)],
        ['draft.edited', contactA],
        ['draft.approved', contactA],
      ]);
      expect(await lastOf(a1.id, 'draft.approved')).toMatchObject({ data: { approved_role: 'customer' } });
      expect(await lastOf(a2.id, 'draft.rejected')).toMatchObject({
        actor: contactA,
        data: { reason: 'مو الوقت المناسب' },
      });

      // Staff see every draft, and hand off what the customer approved.
      for (const key of [keys.founder, keys.oncall, keys.team]) {
        const all = (await call('GET', '/drafts', undefined, key)).body.drafts.map((d: Body) => d.id);
        for (const id of [a1.id, a2.id, a3.id, aCheckIn.id, aReply.id, b1.id, t.draft.id])
          expect(all).toContain(id);
      }
      expect(
        (await call('GET', `/drafts?customer_id=${keys.customerIdB}`, undefined, keys.team)).body.drafts,
      ).toHaveLength(1);
      const sent = await send(a1.id, keys.team);
      expect(sent).toMatchObject({ status: 200, body: { mode: 'handoff', draft: { status: 'sent' } } });
      expect(await lastOf(a1.id, 'draft.handed_off')).toMatchObject({ data: { approved_by: contactA } });
    });
  });

  // -------------------------------------------------------------------------------------------

  describe('who may approve', () => {
    it('a reply on a P0 ticket needs the founder', async () => {
      const t = await ticket(P0_TEXT);
      expect(t.priority).toBe('P0');
      const d = await reply(t.id);
      for (const key of [keys.oncall, keys.team]) {
        expect(await approve(d.id, key)).toMatchObject({
          status: 403,
          body: { error: 'founder_approval_required' },
        });
      }
      // The automatic first response on a P0 ticket, too.
      expect(await approve(t.draft.id, keys.oncall)).toMatchObject({
        status: 403,
        body: { error: 'founder_approval_required' },
      });
      const ok = await approve(d.id);
      expect(ok.body).toMatchObject({ status: 'approved', approved_by: await me(keys.founder) });
      expect(await lastOf(d.id, 'draft.approved')).toMatchObject({ data: { approved_role: 'founder' } });
      // Any staff member may then hand it off.
      expect((await send(d.id, keys.team)).body.mode).toBe('handoff');
    });

    it('an update or a PDPL notice about a SEV1 incident needs the founder', async () => {
      const sev1 = await incident({ title: 'تسريب بيانات', has_data_leak: true });
      expect(sev1.severity).toBe('SEV1');
      const sev3 = await incident();
      expect(sev3.severity).toBe('SEV3');
      const about = (i: Body, kind: string) =>
        create(outreach({ kind, subject_type: 'incident', subject_id: i.id }));
      for (const kind of ['incident_update', 'pdpl_notice']) {
        const d = await about(sev1, kind);
        for (const key of [keys.oncall, keys.team])
          expect(await approve(d.id, key)).toMatchObject({
            status: 403,
            body: { error: 'founder_approval_required' },
          });
        expect((await approve(d.id)).body.status).toBe('approved');
        // An operator may approve one about a SEV3 incident.
        const minor = await about(sev3, kind);
        expect((await approve(minor.id, keys.team)).body.status).toBe('approved');
      }
    });

    it('an operator may approve a P2 reply, but not send it once the ticket became P0', async () => {
      const t = await ticket(P2_TEXT);
      expect(t.priority).toBe('P2');
      const d = await reply(t.id);
      expect((await approve(d.id, keys.team)).body).toMatchObject({ status: 'approved' });
      const raised = await call('POST', `/tickets/${t.id}/priority`, {
        priority: 'P0',
        note: 'العميل أكد تسريب',
      });
      expect(raised.body.priority).toBe('P0');

      for (const key of [keys.team, keys.founder]) await refused(d.id, 'approver_not_allowed', key);
      expect((await draft(d.id)).status).toBe('approved');
      // Approving again is for a pending draft; an edit makes it pending, then the founder approves.
      expect(await approve(d.id)).toMatchObject({ status: 409, body: { error: 'not_pending' } });
      await call('PATCH', `/drafts/${d.id}`, { body_en: REPLY_EN, version: (await draft(d.id)).version });
      expect(await approve(d.id, keys.team)).toMatchObject({
        status: 403,
        body: { error: 'founder_approval_required' },
      });
      expect((await approve(d.id)).body.status).toBe('approved');
      expect((await send(d.id, keys.team)).body).toMatchObject({
        mode: 'handoff',
        draft: { status: 'sent' },
      });
      expect(await actions(d.id)).toEqual([
        'draft.created',
        'draft.approved',
        'draft.send_refused',
        'draft.send_refused',
        'draft.edited',
        'draft.approved',
        'draft.handed_off',
      ]);
    });
  });

  // -------------------------------------------------------------------------------------------

  describe('hand-off while no channel is live', () => {
    it('an email is handed off as text and .eml, once, and recorded with its approval', async () => {
      const t = await ticket(P2_TEXT);
      const d = await approved({
        kind: 'ticket_reply',
        channel: 'email',
        recipient: EMAIL,
        customer_id: keys.customerIdA,
        subject_type: 'ticket',
        subject_id: t.id,
        body_ar: REPLY_AR,
        body_en: REPLY_EN,
      });
      const approval = await lastOf(d.id, 'draft.approved');
      expect(approval!.data.approved_hash).toMatch(/^[0-9a-f]{64}$/);

      clock.advance(5 * MINUTE);
      const r = await send(d.id, keys.oncall);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      const text = `${REPLY_AR}\n\n${REPLY_EN}`;
      expect(r.body).toMatchObject({
        mode: 'handoff',
        draft: {
          id: d.id,
          status: 'sent',
          send_mode: 'handoff',
          sent_by: await me(keys.oncall),
          sent_at: new Date(Date.parse(START) + 5 * MINUTE).toISOString(),
        },
        handoff: { text, wa_me: null },
      });
      const eml = emlText(r.body.handoff.eml);
      expect(eml.headers.split('\r\n')).toContain(`To: ${EMAIL}`);
      expect(eml.headers).toMatch(/Content-Type: text\/plain; charset=UTF-8/);
      expect(eml.text).toBe(text);

      const handed = await lastOf(d.id, 'draft.handed_off');
      expect(handed).toMatchObject({
        actor: await me(keys.oncall),
        data: {
          approved_hash: approval!.data.approved_hash,
          approved_by: await me(keys.team),
          customer_id: keys.customerIdA,
          channel: 'email',
        },
      });
      // The ticket's first response is this hand-off.
      expect((await call('GET', `/tickets/${t.id}`)).body.first_response_at).toBe(
        new Date(Date.parse(START) + 5 * MINUTE).toISOString(),
      );

      await refused(d.id, 'already_sent');
      expect(await actions(d.id)).toEqual([
        'draft.created',
        'draft.approved',
        'draft.handed_off',
        'draft.send_refused',
      ]);
      // A sent draft is no longer editable nor rejectable.
      expect(
        await call('PATCH', `/drafts/${d.id}`, { body_ar: 'x', version: r.body.draft.version }),
      ).toMatchObject({
        status: 409,
        body: { error: 'not_editable' },
      });
      expect(await call('POST', `/drafts/${d.id}/reject`, { reason: 'x' })).toMatchObject({
        status: 409,
        body: { error: 'not_pending' },
      });
    });

    it('a WhatsApp draft is handed off as text and a wa.me link', async () => {
      const d = await approved(outreach({ channel: 'whatsapp', recipient: PHONE }));
      const r = await send(d.id);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body).toMatchObject({
        mode: 'handoff',
        draft: { status: 'sent', send_mode: 'handoff' },
        handoff: {
          text: OUTREACH_AR,
          eml: null,
          wa_me: `https://wa.me/966501234567?text=${encodeURIComponent(OUTREACH_AR)}`,
        },
      });
      expect(await actions(d.id)).toEqual(['draft.created', 'draft.approved', 'draft.handed_off']);
    });

    it('an edit after approval withdraws it: the send is refused until approved again', async () => {
      const d = await approved(outreach());
      const first = await lastOf(d.id, 'draft.approved');
      const edited = await call('PATCH', `/drafts/${d.id}`, {
        body_ar: `${OUTREACH_AR} مع تحيات فريق Dealix.`,
        version: 2,
      });
      expect(edited.body).toMatchObject({
        status: 'pending',
        approved_by: null,
        approved_at: null,
        version: 3,
      });
      expect(await lastOf(d.id, 'draft.edited')).toMatchObject({ data: { approval_invalidated: true } });
      await refused(d.id, 'not_approved');
      await refused(d.id, 'not_approved', keys.team);

      expect((await approve(d.id, keys.oncall)).body.status).toBe('approved');
      const second = await lastOf(d.id, 'draft.approved');
      expect(second!.data.approved_hash).not.toBe(first!.data.approved_hash);
      const r = await send(d.id);
      expect(r.body).toMatchObject({
        mode: 'handoff',
        handoff: { text: `${OUTREACH_AR} مع تحيات فريق Dealix.` },
      });
      expect(await lastOf(d.id, 'draft.handed_off')).toMatchObject({
        data: { approved_hash: second!.data.approved_hash, approved_by: await me(keys.oncall) },
      });
    });
  });

  // -------------------------------------------------------------------------------------------

  describe('live email', () => {
    it('goes out only through a connector that allows sending, exactly once, with the Arabic body', async () => {
      const server = await smtp();
      liveEmail(server.url);
      const d = await approved(outreach({ body_en: 'Hello from Dealix' }));

      // Never set up, then being set up: not connected.
      await refused(d.id, 'connector_not_connected');
      await connector(keys.customerIdA, 'gmail', 'configuring', 'connected_draft_only');
      await refused(d.id, 'connector_draft_only');
      await connector(keys.customerIdA, 'gmail', 'configuring');
      await refused(d.id, 'connector_not_connected');
      expect(server.received).toHaveLength(0);
      expect((await draft(d.id)).status).toBe('approved');

      await connector(keys.customerIdA, 'gmail', 'connected_approved_execute');
      const r = await send(d.id, keys.oncall);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body).toMatchObject({
        mode: 'live',
        draft: { status: 'sent', send_mode: 'live', sent_by: await me(keys.oncall) },
      });
      expect(server.received).toHaveLength(1);
      const mail = server.received[0]!;
      expect(mail.from).toBe('ops@dealix.sa');
      expect(mail.to).toEqual([EMAIL]);
      const parsed = parseMail(mail.raw);
      expect(parsed.headers.get('to')).toBe(EMAIL);
      expect(parsed.text).toBe(`${OUTREACH_AR}\n\nHello from Dealix`);

      const entries = await ledger(d.id);
      expect(entries.map((e) => e.action)).toEqual([
        'draft.created',
        'draft.approved',
        'draft.send_refused',
        'draft.send_refused',
        'draft.send_refused',
        'draft.sending',
        'draft.sent',
      ]);
      const approval = entries[1]!;
      expect(entries.slice(2, 5).map((e) => e.data.check)).toEqual([
        'connector_not_connected',
        'connector_draft_only',
        'connector_not_connected',
      ]);
      expect(entries[5]!.data).toMatchObject({ approved_hash: approval.data.approved_hash });
      expect(entries[6]).toMatchObject({
        actor: await me(keys.oncall),
        data: {
          approved_hash: approval.data.approved_hash,
          approved_by: await me(keys.team),
          provider_ref: parsed.headers.get('message-id'),
        },
      });
      expect(entries[6]!.data.provider_ref).toMatch(/^<.+@.+>$/);

      await refused(d.id, 'already_sent');
      expect(server.received).toHaveLength(1);
      // Another customer's connector is its own: B never set up Gmail.
      const b = await approved(outreach({}, keys.customerIdB));
      await refused(b.id, 'connector_not_connected');
      expect(server.received).toHaveLength(1);
    });

    it('with the flag on but no SMTP settings the send is refused as not configured', async () => {
      process.env.GMAIL_ALLOW_LIVE_SEND = 'true';
      await connector(keys.customerIdA, 'gmail', 'configuring', 'connected_approved_execute');
      const d = await approved(outreach());
      await refused(d.id, 'adapter_not_configured');
      // Half the settings are no settings.
      process.env.SMTP_URL = 'smtp://127.0.0.1:2525';
      await refused(d.id, 'adapter_not_configured');
      expect((await draft(d.id)).status).toBe('approved');
      // With the flag off again it is a hand-off.
      process.env.GMAIL_ALLOW_LIVE_SEND = 'false';
      expect((await send(d.id)).body).toMatchObject({ mode: 'handoff', draft: { status: 'sent' } });
    });

    it('a server that refuses the message is a 502 with its code; the draft stays approved', async () => {
      const bad = await smtp((_a, _s, cb) =>
        cb(Object.assign(new Error('No such user here'), { responseCode: 550 })),
      );
      liveEmail(bad.url);
      await connector(keys.customerIdA, 'gmail', 'configuring', 'connected_approved_execute');
      const d = await approved(outreach());

      const r = await send(d.id);
      expect(r).toMatchObject({
        status: 502,
        body: { error: 'smtp_rejected', details: { provider: 'smtp', provider_code: 550, retryable: false } },
      });
      expect(bad.received).toHaveLength(0);
      expect(await draft(d.id)).toMatchObject({ status: 'approved', sent_at: null, send_mode: null });
      const entries = await ledger(d.id);
      expect(entries.map((e) => e.action)).toEqual([
        'draft.created',
        'draft.approved',
        'draft.sending',
        'draft.send_failed',
      ]);
      expect(entries[3]!.data).toMatchObject({ code: 'smtp_rejected' });

      // Still approved, it goes out once a server takes it.
      const good = await smtp();
      process.env.SMTP_URL = good.url;
      const again = await send(d.id);
      expect(again.body).toMatchObject({ mode: 'live', draft: { status: 'sent' } });
      expect(good.received).toHaveLength(1);
      expect((await actions(d.id)).slice(-2)).toEqual(['draft.sending', 'draft.sent']);
    });
  });

  // -------------------------------------------------------------------------------------------

  describe('live WhatsApp', () => {
    it('needs a recorded opt-in; sends one documented request; a revoked opt-in stops it again', async () => {
      const api = await cloudApi();
      liveWhatsApp(api.base);
      await connector(keys.customerIdA, 'whatsapp_cloud', 'configuring', 'connected_approved_execute');
      const d = await approved(outreach({ channel: 'whatsapp', recipient: '0501234567' }));

      await refused(d.id, 'whatsapp_opt_in_missing');
      expect(api.requests).toHaveLength(0);
      // An opt-in with another customer does not count.
      await optIn(keys.customerIdB);
      await refused(d.id, 'whatsapp_opt_in_missing');

      await optIn(keys.customerIdA);
      const r = await send(d.id, keys.team);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body).toMatchObject({ mode: 'live', draft: { status: 'sent', send_mode: 'live' } });
      expect(api.requests).toHaveLength(1);
      const req = api.requests[0]!;
      expect(req.method).toBe('POST');
      expect(req.url).toBe(`/v21.0/${PHONE_ID}/messages`);
      expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(req.headers['content-type']).toMatch(/^application\/json/);
      expect(req.body).toEqual({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '966501234567',
        type: 'text',
        text: { preview_url: false, body: OUTREACH_AR },
      });
      expect(await lastOf(d.id, 'draft.sent')).toMatchObject({ data: { provider_ref: WAMID } });
      expect(JSON.stringify(await ledger(d.id))).not.toContain(TOKEN);

      const revoked = await call(
        'POST',
        `/customers/${keys.customerIdA}/whatsapp-opt-ins/${encodeURIComponent(PHONE_E164)}/revoke`,
        { reason: 'طلب إيقاف الرسائل' },
      );
      expect(revoked).toMatchObject({ status: 200, body: { status: 'revoked' } });
      const next = await approved(outreach({ channel: 'whatsapp', recipient: PHONE }));
      await refused(next.id, 'whatsapp_opt_in_missing');
      expect(api.requests).toHaveLength(1);
      expect((await draft(next.id)).status).toBe('approved');
    });
  });

  // -------------------------------------------------------------------------------------------

  describe('freezes', () => {
    it('a customer’s channel freeze withdraws its approvals and stops its sends until lifted', async () => {
      const aEmail = await approved(outreach());
      const aWhatsApp = await approved(outreach({ channel: 'whatsapp', recipient: PHONE }));
      const bEmail = await approved(outreach({}, keys.customerIdB));
      clock.advance(MINUTE);

      const f = await freeze({ scope: 'customer_channel', channel: 'email', customer_id: keys.customerIdA });
      expect(f.invalidated_drafts).toBe(1);
      expect(await draft(aEmail.id)).toMatchObject({ status: 'invalidated', approved_by: null });
      expect((await draft(aWhatsApp.id)).status).toBe('approved');
      expect((await draft(bEmail.id)).status).toBe('approved');
      expect(await lastOf(aEmail.id, 'draft.invalidated')).toMatchObject({
        actor: await me(keys.founder),
        data: { freeze_id: f.id, channel: 'email', customer_id: keys.customerIdA },
      });

      await refused(aEmail.id, 'not_approved');
      expect((await approve(aEmail.id, keys.team)).body.status).toBe('approved');
      await refused(aEmail.id, 'frozen');
      // Live or not: a freeze stops a live send as well.
      const server = await smtp();
      liveEmail(server.url);
      await connector(keys.customerIdA, 'gmail', 'configuring', 'connected_approved_execute');
      await refused(aEmail.id, 'frozen');
      expect(server.received).toHaveLength(0);
      delete process.env.GMAIL_ALLOW_LIVE_SEND;

      // Outside the scope sends go on.
      expect((await send(aWhatsApp.id)).body.mode).toBe('handoff');
      expect((await send(bEmail.id)).body.mode).toBe('handoff');

      const lifted = await lift(f.id);
      expect(lifted.body).toMatchObject({ status: 'lifted', frozen: false });
      const r = await send(aEmail.id);
      expect(r.body).toMatchObject({ mode: 'handoff', draft: { status: 'sent' } });
      expect(await actions(aEmail.id)).toEqual([
        'draft.created',
        'draft.approved',
        'draft.invalidated',
        'draft.send_refused',
        'draft.approved',
        'draft.send_refused',
        'draft.send_refused',
        'draft.handed_off',
      ]);
    });

    it('a global freeze stops every send, hand-off or live, and lifts only with a second approver', async () => {
      const server = await smtp();
      liveEmail(server.url);
      await connector(keys.customerIdA, 'gmail', 'configuring', 'connected_approved_execute');
      const before = await approved(outreach());
      const f = await freeze({ scope: 'global' });
      expect(f).toMatchObject({ invalidated_drafts: 1, needs_second_approver: true });
      expect((await draft(before.id)).status).toBe('invalidated');
      await refused(before.id, 'not_approved');

      const aLive = await approved(outreach({ body_ar: 'مرحباً، نبي نتأكد إن التقرير وصلكم.' }));
      const bHandoff = await approved(outreach({ channel: 'whatsapp', recipient: PHONE }, keys.customerIdB));
      const aCheckIn = await approved(outreach({ kind: 'cs_check_in', channel: 'in_app' }));
      for (const d of [aLive, bHandoff, aCheckIn]) await refused(d.id, 'frozen');

      const founder = await me(keys.founder);
      expect((await lift(f.id)).body).toMatchObject({ status: 'lift_pending', frozen: true });
      for (const d of [aLive, bHandoff]) await refused(d.id, 'frozen');
      expect(await lift(f.id)).toMatchObject({ status: 409, body: { error: 'second_approver_required' } });
      expect((await lift(f.id, keys.team)).status).toBe(403);
      await refused(aLive.id, 'frozen');
      expect((await lift(f.id, keys.oncall)).body).toMatchObject({
        status: 'lifted',
        lift_requested_by: founder,
        lifted_by: await me(keys.oncall),
      });
      expect(server.received).toHaveLength(0);

      expect((await send(aLive.id)).body).toMatchObject({ mode: 'live', draft: { status: 'sent' } });
      expect(server.received).toHaveLength(1);
      expect((await send(bHandoff.id)).body.mode).toBe('handoff');
      expect((await send(aCheckIn.id)).body).toMatchObject({
        mode: 'handoff',
        handoff: { eml: null, wa_me: null },
      });
      expect(await actions(f.id)).toEqual(['freeze.created', 'freeze.lift_requested', 'freeze.lifted']);
    });

    it.each([
      ['an unauthorized send', { has_unauthorized_send: true, channel: 'whatsapp' }],
      ['a data leak', { has_data_leak: true }],
    ])('a SEV1 incident for %s freezes every send', async (_label, flags) => {
      const earlier = await approved(outreach({}, keys.customerIdB));
      const i = await incident({ title: 'حادثة خطيرة', ...flags }, keys.customerIdB);
      expect(i.severity).toBe('SEV1');
      const freezes = (await call('GET', '/freezes')).body.freezes as Body[];
      expect(freezes).toHaveLength(1);
      expect(freezes[0]).toMatchObject({
        scope: 'global',
        source: 'incident',
        source_ref: i.id,
        frozen: true,
      });
      expect(await lastOf(earlier.id, 'draft.invalidated')).toMatchObject({
        data: { freeze_id: freezes[0]!.id },
      });

      const a = await approved(outreach());
      const b = await approved(outreach({ channel: 'whatsapp', recipient: PHONE }, keys.customerIdB));
      for (const d of [a, b]) await refused(d.id, 'frozen');
      await refused(earlier.id, 'not_approved');
      // An incident below SEV1 adds no freeze.
      await incident();
      expect((await call('GET', '/freezes')).body.freezes).toHaveLength(1);
    });
  });

  // -------------------------------------------------------------------------------------------

  describe('the unauthorized-send detector', () => {
    it('content changed after approval is refused at the gate and opens one SEV1 incident', async () => {
      const d = await approved(outreach());
      const other = await approved(outreach({ channel: 'whatsapp', recipient: PHONE }, keys.customerIdB));
      await store.db
        .updateTable('drafts')
        .set({ body_ar: 'حوّلوا المبلغ على هذا الحساب اليوم' })
        .where('id', '=', d.id)
        .execute();

      await refused(d.id, 'approval_changed');
      const opened = await incidents();
      expect(opened).toHaveLength(1);
      expect(opened[0]).toMatchObject({
        severity: 'SEV1',
        has_unauthorized_send: true,
        customer_ids: [keys.customerIdA],
        channel: 'email',
      });
      expect(opened[0]!.description).toContain(d.id);
      const detected = await lastOf(d.id, 'outbound.unauthorized_send_detected');
      expect(detected).toMatchObject({
        actor: 'system',
        data: { reason: 'send_gate', incident_id: opened[0]!.id },
      });
      // The incident froze everything: every approval is withdrawn, the changed draft's too.
      const freezes = (await call('GET', '/freezes')).body.freezes as Body[];
      expect(freezes).toHaveLength(1);
      expect(freezes[0]).toMatchObject({ scope: 'global', source: 'incident', source_ref: opened[0]!.id });
      expect((await draft(other.id)).status).toBe('invalidated');
      expect((await draft(d.id)).status).toBe('invalidated');
      expect(await actions(d.id)).toEqual([
        'draft.created',
        'draft.approved',
        'draft.send_refused',
        'draft.tamper_suspected',
        'draft.invalidated',
        'outbound.unauthorized_send_detected',
      ]);

      // Trying again is refused and opens nothing new.
      await refused(d.id, 'not_approved');
      // Approved afresh and changed behind the gate again: refused, still the one incident.
      expect((await approve(d.id)).body.status).toBe('approved');
      await store.db
        .updateTable('drafts')
        .set({ recipient: 'other@evil.example' })
        .where('id', '=', d.id)
        .execute();
      await refused(d.id, 'approval_changed');
      expect(await incidents()).toHaveLength(1);
      expect(
        (await ledger(d.id)).filter((e) => e.action === 'outbound.unauthorized_send_detected'),
      ).toHaveLength(1);
      expect((await call('GET', '/freezes')).body.freezes).toHaveLength(1);

      // The audit finds both refusals, and opens no second incident for them.
      const audit = await call('POST', '/drafts/audit', {});
      expect(audit.status).toBe(200);
      expect(audit.body.findings.filter((f: Body) => f.draft_id === d.id).map((f: Body) => f.reason)).toEqual(
        ['approval_changed', 'approval_changed'],
      );
      expect(audit.body.incidents_opened).toEqual([]);
      expect(await incidents()).toHaveLength(1);
    });

    it('a draft marked sent around the gate is found by the audit, once', async () => {
      const legit = await approved(outreach());
      expect((await send(legit.id)).body.mode).toBe('handoff');
      const edited = await approved(outreach({ channel: 'whatsapp', recipient: PHONE }));
      await call('PATCH', `/drafts/${edited.id}`, { body_ar: 'نص بعد التعديل', version: edited.version });
      await approve(edited.id);
      expect((await send(edited.id)).body.mode).toBe('handoff');

      const bypass = await create(outreach({}, keys.customerIdB));
      await store.db
        .updateTable('drafts')
        .set({ status: 'sent', sent_at: START, sent_by: 'someone', send_mode: 'live' })
        .where('id', '=', bypass.id)
        .execute();

      const first = await call('POST', '/drafts/audit', {});
      expect(first.status).toBe(200);
      expect(first.body.findings).toEqual([
        { draft_id: bypass.id, reason: 'sent_without_ledger', seq: null },
      ]);
      expect(first.body.incidents_opened).toEqual([{ draft_id: bypass.id, incident_id: expect.any(String) }]);
      const opened = await incidents();
      expect(opened).toHaveLength(1);
      expect(opened[0]).toMatchObject({
        id: first.body.incidents_opened[0].incident_id,
        severity: 'SEV1',
        has_unauthorized_send: true,
        customer_ids: [keys.customerIdB],
      });
      expect(await lastOf(bypass.id, 'outbound.unauthorized_send_detected')).toMatchObject({
        data: { reason: 'sent_without_ledger', incident_id: opened[0]!.id },
      });
      expect((await call('GET', '/freezes')).body.freezes[0]).toMatchObject({
        scope: 'global',
        source_ref: opened[0]!.id,
      });

      const second = await call('POST', '/drafts/audit', {}, keys.oncall);
      expect(second.status).toBe(200);
      expect(second.body.findings).toEqual(first.body.findings);
      expect(second.body.incidents_opened).toEqual([]);
      expect(await incidents()).toHaveLength(1);
    });

    it('an approval forged in the store gets past the gate, but not past the audit', async () => {
      const d = await approved(outreach());
      const forged = {
        channel: 'email',
        recipient: EMAIL,
        body_ar: 'ادفعوا الفاتورة على الحساب الجديد',
        body_en: null,
      };
      await store.db
        .updateTable('drafts')
        .set({ body_ar: forged.body_ar, approved_hash: contentHash(forged) })
        .where('id', '=', d.id)
        .execute();
      // The gate compares the draft with its own stored fingerprint, so this one leaves…
      expect((await send(d.id)).body).toMatchObject({ mode: 'handoff', handoff: { text: forged.body_ar } });
      // …and the audit, which checks the send against the approval in the Ledger, catches it.
      const audit = await call('POST', '/drafts/audit', {});
      expect(audit.body.findings).toEqual([
        {
          draft_id: d.id,
          reason: 'no_matching_approval',
          seq: (await lastOf(d.id, 'draft.handed_off'))!.seq,
        },
      ]);
      expect(audit.body.incidents_opened).toEqual([{ draft_id: d.id, incident_id: expect.any(String) }]);
      expect(await incidents()).toHaveLength(1);
      expect((await call('POST', '/drafts/audit', {})).body.incidents_opened).toEqual([]);
    });

    it('only the founder and on-call run the audit', async () => {
      for (const key of [keys.team, keys.customerA]) {
        expect(await call('POST', '/drafts/audit', {}, key)).toMatchObject({
          status: 403,
          body: { error: 'forbidden' },
        });
      }
      for (const key of [keys.founder, keys.oncall]) {
        expect(await call('POST', '/drafts/audit', {}, key)).toMatchObject({
          status: 200,
          body: { findings: [], incidents_opened: [] },
        });
      }
    });
  });
  describe('recipients and freezes in flight', () => {
    // The link is made of the number's international form, as live sends use it.
    it('the wa.me link of a hand-off uses the international number however it was typed', async () => {
      for (const recipient of ['0501234567', '00966501234567', '+966 050 123 4567']) {
        const d = await approved(outreach({ channel: 'whatsapp', recipient }));
        const r = await send(d.id);
        expect(r.status).toBe(200);
        expect(r.body.handoff.wa_me).toBe(
          `https://wa.me/966501234567?text=${encodeURIComponent(OUTREACH_AR)}`,
        );
      }
    });

    // A freeze set while a live send is in flight withdraws the approval when that send fails.
    it('a freeze set during a live send that then fails still withdraws its approval', async () => {
      let freezeId = '';
      const busy = await smtp((_a, _s, cb) => {
        void (async () => {
          try {
            freezeId = (
              await freeze({ scope: 'customer_channel', channel: 'email', customer_id: keys.customerIdA })
            ).id;
          } finally {
            cb(Object.assign(new Error('Mailbox busy, try later'), { responseCode: 451 }));
          }
        })();
      });
      liveEmail(busy.url);
      await connector(keys.customerIdA, 'gmail', 'configuring', 'connected_approved_execute');
      const d = await approved(outreach());
      expect(await send(d.id)).toMatchObject({ status: 502, body: { error: 'smtp_rejected' } });
      expect(freezeId).not.toBe('');
      expect((await lift(freezeId)).body.status).toBe('lifted');
      const good = await smtp();
      process.env.SMTP_URL = good.url;
      await refused(d.id, 'not_approved');
      expect(good.received).toHaveLength(0);
    });

    // The address is checked as the mail adapter will check it, when the draft is written.
    it('an email recipient the mail adapter would refuse is refused when the draft is written', async () => {
      for (const recipient of ['ahmed@afaq', 'a,b@afaq.sa']) {
        const r = await call('POST', '/drafts', outreach({ recipient }));
        expect(r, recipient).toMatchObject({ status: 400, body: { error: 'invalid_recipient' } });
      }
    });
  });
});
