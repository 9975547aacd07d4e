/**
 * The live adapters against real local servers: an SMTP server (smtp-server) and a fake WhatsApp
 * Cloud API (node:http) that checks the documented request shape. Both listen on 127.0.0.1 on a
 * free port; nothing here reaches the internet.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { inspect } from 'node:util';
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkClaims } from '../../src/contexts/claims/guard.js';
import { deliver } from '../../src/contexts/outbound/deliver.js';
import { DeliveryError } from '../../src/contexts/outbound/delivery-error.js';
import { closeEmailTransports, sendEmail } from '../../src/contexts/outbound/email.js';
import {
  CHANNEL_LIVE,
  channelStatuses,
  livePath,
  loadOutboundConfig,
  type OutboundConfig,
  type SmtpConfig,
  type WhatsAppConfig,
} from '../../src/contexts/outbound/flags.js';
import { DEFAULT_EMAIL_SUBJECT, EMAIL_SUBJECTS } from '../../src/contexts/outbound/messages.js';
import { maskPhone, normalizePhone } from '../../src/contexts/outbound/phone.js';
import { sendWhatsApp, WHATSAPP_TEXT_MAX } from '../../src/contexts/outbound/whatsapp.js';

const ARABIC = 'مرحباً أحمد،\nاستلمنا طلبك وسنعود إليك اليوم قبل الساعة ٤ عصراً.\nفريق Dealix';
const ENGLISH = 'Hello Ahmed,\nwe received your request and will get back to you today.';

// ---------------------------------------------------------------------------------------------
// A small RFC 5322 / MIME reader: enough to read back what nodemailer wrote.

function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _charset: string, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(
            text
              .replace(/_/g, ' ')
              .replace(/=([0-9A-Fa-f]{2})/g, (_x, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
            'latin1',
          ).toString('utf8'),
    );
}

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

// ---------------------------------------------------------------------------------------------
// Local servers.

interface Received {
  from: string | false;
  to: string[];
  raw: string;
  user: string | undefined;
}

interface SmtpOptions {
  onRcptTo?: (
    address: SMTPServerAddress,
    session: SMTPServerSession,
    cb: (err?: Error | null) => void,
  ) => void;
  credentials?: { user: string; pass: string };
}

async function startSmtp(opts: SmtpOptions = {}) {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    // No certificate on a test server: the client must not try to upgrade to TLS.
    disabledCommands: opts.credentials ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    logger: false,
    onAuth(auth, _session, cb) {
      const c = opts.credentials;
      if (c && auth.username === c.user && auth.password === c.pass) return cb(null, { user: auth.username });
      cb(new Error('Invalid username or password'));
    },
    ...(opts.onRcptTo ? { onRcptTo: opts.onRcptTo } : {}),
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : false,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          user: session.user,
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

interface CloudRequest {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingMessage['headers'];
  body: unknown;
}

type Handler = (req: CloudRequest, res: ServerResponse) => void;

async function startCloudApi(handler: Handler) {
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
      const r = { method: req.method, url: req.url, headers: req.headers, body };
      requests.push(r);
      handler(r, res);
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

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

const TOKEN = 'EAAG-test-token-never-shown';
const PHONE_ID = '106540352242922';
const WAMID = 'wamid.HBgLOTY2NTAxMjM0NTY3FQIAERgSQjFBRjM0QTk3RkE2QkVEQkFDAA==';

/** The documented answer to an accepted text message. */
const accepted: Handler = (req, res) => {
  const to = (req.body as { to?: string }).to ?? '';
  json(res, 200, {
    messaging_product: 'whatsapp',
    contacts: [{ input: to, wa_id: to }],
    messages: [{ id: WAMID }],
  });
};

const waConfig = (base: string): WhatsAppConfig => ({
  api_base: base,
  api_version: 'v21.0',
  token: TOKEN,
  phone_number_id: PHONE_ID,
});

/** Resolves to the DeliveryError a promise rejects with (fails the test if it resolves). */
async function failure(p: Promise<unknown>): Promise<DeliveryError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(DeliveryError);
    return e as DeliveryError;
  }
  throw new Error('expected a DeliveryError, the call succeeded');
}

afterAll(() => closeEmailTransports());

// ---------------------------------------------------------------------------------------------

describe('email over SMTP', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>> | null = null;
  afterEach(async () => {
    closeEmailTransports();
    await smtp?.close();
    smtp = null;
  });
  const cfg = (port: number, auth = ''): SmtpConfig => ({
    url: `smtp://${auth}127.0.0.1:${port}`,
    from: 'Dealix <ops@dealix.sa>',
  });

  it('an Arabic email reaches the server for its one recipient, with its UTF-8 subject and body', async () => {
    smtp = await startSmtp();
    const subject = 'ردّ على طلب الدعم — Reply to your support request';
    const text = `${ARABIC}\n\n${ENGLISH}`;
    const r = await sendEmail(cfg(smtp.port), { to: 'ahmed@afaq.sa', subject, text });

    expect(smtp.received).toHaveLength(1);
    const got = smtp.received[0]!;
    expect(got.from).toBe('ops@dealix.sa');
    expect(got.to).toEqual(['ahmed@afaq.sa']);
    const mail = parseMail(got.raw);
    expect(decodeWords(mail.headers.get('subject') ?? '')).toBe(subject);
    expect(mail.headers.get('content-type')).toMatch(/text\/plain; charset=utf-8/i);
    expect(mail.headers.get('to')).toBe('ahmed@afaq.sa');
    expect(mail.text).toBe(text);
    expect(r.provider_ref).toBe(mail.headers.get('message-id'));
    expect(r.provider_ref).toMatch(/^<.+@.+>$/);
  });

  it('logs in with the credentials of the URL, and sends twice over the same transport', async () => {
    smtp = await startSmtp({ credentials: { user: 'mailer', pass: 's3cret-p@ss' } });
    const c = cfg(smtp.port, `mailer:${encodeURIComponent('s3cret-p@ss')}@`);
    await sendEmail(c, { to: 'a@afaq.sa', subject: 'one', text: 'واحد' });
    await sendEmail(c, { to: 'b@afaq.sa', subject: 'two', text: 'اثنان' });
    expect(smtp.received.map((m) => [m.user, m.to])).toEqual([
      ['mailer', ['a@afaq.sa']],
      ['mailer', ['b@afaq.sa']],
    ]);
  });

  it('a refused login is smtp_auth_failed and never shows the password or the URL', async () => {
    smtp = await startSmtp({ credentials: { user: 'mailer', pass: 'right' } });
    const c = cfg(smtp.port, 'mailer:Wr0ngPassw0rd@');
    const e = await failure(sendEmail(c, { to: 'a@afaq.sa', subject: 's', text: 't' }));
    expect(e.code).toBe('smtp_auth_failed');
    expect(e.provider).toBe('smtp');
    const shown = `${e.message} ${JSON.stringify(e.details)} ${inspect(e)}`;
    expect(shown).not.toContain('Wr0ngPassw0rd');
    expect(shown).not.toContain(c.url);
    expect(smtp.received).toHaveLength(0);
  });

  it('a recipient the server refuses permanently is smtp_rejected with its reply code, not retryable', async () => {
    smtp = await startSmtp({
      onRcptTo: (_a, _s, cb) => cb(Object.assign(new Error('No such user here'), { responseCode: 550 })),
    });
    const e = await failure(sendEmail(cfg(smtp.port), { to: 'nobody@afaq.sa', subject: 's', text: 't' }));
    expect(e).toMatchObject({
      code: 'smtp_rejected',
      provider_code: 550,
      retryable: false,
      kind: 'upstream',
    });
    expect(e.message).toContain('No such user here');
    expect(smtp.received).toHaveLength(0);
  });

  it('a temporary refusal (4xx) is smtp_rejected and retryable', async () => {
    smtp = await startSmtp({
      onRcptTo: (_a, _s, cb) =>
        cb(Object.assign(new Error('Mailbox busy, try later'), { responseCode: 451 })),
    });
    const e = await failure(sendEmail(cfg(smtp.port), { to: 'busy@afaq.sa', subject: 's', text: 't' }));
    expect(e).toMatchObject({ code: 'smtp_rejected', provider_code: 451, retryable: true });
  });

  it('a server that is not there is smtp_unreachable', async () => {
    const port = await closedPort();
    const e = await failure(
      sendEmail(cfg(port, 'u:Hidden-Pass@'), { to: 'a@afaq.sa', subject: 's', text: 't' }),
    );
    expect(e).toMatchObject({ code: 'smtp_unreachable', provider: 'smtp', retryable: true });
    expect(e.message).not.toContain('Hidden-Pass');
  });

  it.each([
    ['two addresses', 'a@afaq.sa, b@afaq.sa'],
    ['a display name', 'Ahmed <a@afaq.sa>'],
    ['no domain', 'ahmed'],
    ['a header break', 'a@afaq.sa\r\nBcc: x@y.sa'],
  ])('a recipient with %s is refused before any connection', async (_label, to) => {
    smtp = await startSmtp();
    const e = await failure(sendEmail(cfg(smtp.port), { to, subject: 's', text: 't' }));
    expect(e).toMatchObject({ code: 'invalid_recipient', field: 'recipient' });
    expect(smtp.received).toHaveLength(0);
  });

  it('without settings email is adapter_not_configured', async () => {
    const e = await failure(sendEmail(null, { to: 'a@afaq.sa', subject: 's', text: 't' }));
    expect(e.code).toBe('adapter_not_configured');
  });
});

describe('WhatsApp Cloud API', () => {
  let api: Awaited<ReturnType<typeof startCloudApi>> | null = null;
  afterEach(async () => {
    await api?.close();
    api = null;
  });

  it('posts a text message to {base}/{version}/{phone-number-id}/messages with the bearer token and the documented body', async () => {
    api = await startCloudApi(accepted);
    const r = await sendWhatsApp(waConfig(api.base), { to: '+966 50 123 4567', body: ARABIC });
    expect(r.provider_ref).toBe(WAMID);
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
      text: { preview_url: false, body: ARABIC },
    });
  });

  it('a Saudi local number is addressed in international digits', async () => {
    api = await startCloudApi(accepted);
    await sendWhatsApp(waConfig(api.base), { to: '0501234567', body: 'مرحبا' });
    expect((api.requests[0]!.body as { to: string }).to).toBe('966501234567');
  });

  it("an API error becomes a DeliveryError with the API's code and message", async () => {
    api = await startCloudApi((_r, res) =>
      json(res, 400, {
        error: {
          message: '(#131030) Recipient phone number not in allowed list',
          type: 'OAuthException',
          code: 131030,
          error_data: {
            messaging_product: 'whatsapp',
            details: 'Recipient phone number not in allowed list',
          },
          fbtrace_id: 'AxyzTraceId',
        },
      }),
    );
    const e = await failure(sendWhatsApp(waConfig(api.base), { to: '+966501234567', body: 'مرحبا' }));
    expect(e).toMatchObject({
      code: 'whatsapp_rejected',
      provider: 'whatsapp_cloud',
      provider_code: 131030,
      retryable: false,
      kind: 'upstream',
    });
    expect(e.message).toContain('Recipient phone number not in allowed list');
    expect(e.message).toContain('131030');
  });

  it('outside the 24-hour window (131047) the error says only a template may be sent', async () => {
    api = await startCloudApi((_r, res) =>
      json(res, 400, {
        error: { message: 'Re-engagement message', type: 'OAuthException', code: 131047, fbtrace_id: 'A1' },
      }),
    );
    const e = await failure(sendWhatsApp(waConfig(api.base), { to: '+966501234567', body: 'مرحبا' }));
    expect(e).toMatchObject({ code: 'whatsapp_rejected', provider_code: 131047 });
    expect(e.message).toMatch(/24 hours/);
  });

  it('an invalid token (190) is whatsapp_auth_failed and the token never shows', async () => {
    api = await startCloudApi((_r, res) =>
      json(res, 401, {
        error: {
          message: 'Error validating access token',
          type: 'OAuthException',
          code: 190,
          fbtrace_id: 'A2',
        },
      }),
    );
    const e = await failure(sendWhatsApp(waConfig(api.base), { to: '+966501234567', body: 'مرحبا' }));
    expect(e).toMatchObject({ code: 'whatsapp_auth_failed', provider_code: 190 });
    expect(`${e.message} ${JSON.stringify(e.details)} ${inspect(e)}`).not.toContain(TOKEN);
  });

  it('throttling (130429) is whatsapp_rate_limited and retryable', async () => {
    api = await startCloudApi((_r, res) =>
      json(res, 429, { error: { message: 'Rate limit hit', type: 'OAuthException', code: 130429 } }),
    );
    const e = await failure(sendWhatsApp(waConfig(api.base), { to: '+966501234567', body: 'مرحبا' }));
    expect(e).toMatchObject({ code: 'whatsapp_rate_limited', provider_code: 130429, retryable: true });
  });

  it('an error without the documented body names the HTTP status', async () => {
    api = await startCloudApi((_r, res) => {
      res.writeHead(503, { 'content-type': 'text/html' });
      res.end('<html>unavailable</html>');
    });
    const e = await failure(sendWhatsApp(waConfig(api.base), { to: '+966501234567', body: 'مرحبا' }));
    expect(e).toMatchObject({ code: 'whatsapp_rejected', provider_code: 'http_503', retryable: true });
  });

  it('a success without a message id is whatsapp_bad_response', async () => {
    api = await startCloudApi((_r, res) => json(res, 200, { messaging_product: 'whatsapp', contacts: [] }));
    const e = await failure(sendWhatsApp(waConfig(api.base), { to: '+966501234567', body: 'مرحبا' }));
    expect(e.code).toBe('whatsapp_bad_response');
  });

  it('an API that is not there is whatsapp_unreachable', async () => {
    const port = await closedPort();
    const e = await failure(
      sendWhatsApp(waConfig(`http://127.0.0.1:${port}`), { to: '+966501234567', body: 'مرحبا' }),
    );
    expect(e).toMatchObject({ code: 'whatsapp_unreachable', retryable: true });
  });

  it('an API that never answers is whatsapp_timeout, not retried blindly (it may have been sent)', async () => {
    api = await startCloudApi(() => {
      // never answers
    });
    const e = await failure(
      sendWhatsApp(waConfig(api.base), { to: '+966501234567', body: 'مرحبا' }, { timeoutMs: 50 }),
    );
    expect(e).toMatchObject({ code: 'whatsapp_timeout', retryable: false });
  });

  it('an invalid number or an over-long text is refused before any request', async () => {
    api = await startCloudApi(accepted);
    const bad = await failure(sendWhatsApp(waConfig(api.base), { to: '12345', body: 'مرحبا' }));
    expect(bad).toMatchObject({ code: 'invalid_recipient', field: 'recipient' });
    const long = await failure(
      sendWhatsApp(waConfig(api.base), { to: '+966501234567', body: 'ا'.repeat(WHATSAPP_TEXT_MAX + 1) }),
    );
    expect(long.code).toBe('message_too_long');
    expect(api.requests).toHaveLength(0);
  });
});

describe('deliver', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>> | null = null;
  let api: Awaited<ReturnType<typeof startCloudApi>> | null = null;
  let config: OutboundConfig;
  beforeEach(async () => {
    smtp = await startSmtp();
    api = await startCloudApi(accepted);
    config = loadOutboundConfig({
      GMAIL_ALLOW_LIVE_SEND: 'true',
      WHATSAPP_ALLOW_LIVE_SEND: 'true',
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      SMTP_FROM: 'Dealix <ops@dealix.sa>',
      WHATSAPP_TOKEN: TOKEN,
      WHATSAPP_PHONE_NUMBER_ID: PHONE_ID,
      WHATSAPP_API_BASE: api.base,
    });
  });
  afterEach(async () => {
    closeEmailTransports();
    await smtp?.close();
    await api?.close();
  });
  const draft = (over: object) => ({
    channel: 'email',
    recipient: 'ahmed@afaq.sa',
    body_ar: ARABIC,
    body_en: ENGLISH as string | null,
    ...over,
  });

  it('an email draft goes out Arabic first, then English, under the subject of its kind', async () => {
    const r = await deliver(config, draft({ kind: 'ticket_reply' }));
    const mail = parseMail(smtp!.received[0]!.raw);
    expect(mail.text).toBe(`${ARABIC}\n\n${ENGLISH}`);
    expect(decodeWords(mail.headers.get('subject') ?? '')).toBe(EMAIL_SUBJECTS.ticket_reply);
    expect(r.provider_ref).toBe(mail.headers.get('message-id'));
  });

  it('a draft of another kind, with Arabic only, gets the general subject and no English part', async () => {
    await deliver(config, draft({ kind: 'something_else', body_en: null }));
    const mail = parseMail(smtp!.received[0]!.raw);
    expect(mail.text).toBe(ARABIC);
    expect(decodeWords(mail.headers.get('subject') ?? '')).toBe(DEFAULT_EMAIL_SUBJECT);
  });

  it('a WhatsApp draft goes to the Cloud API with both texts in one body', async () => {
    const r = await deliver(config, draft({ channel: 'whatsapp', recipient: '0501234567' }));
    expect(r.provider_ref).toBe(WAMID);
    expect(api!.requests[0]!.body).toMatchObject({
      to: '966501234567',
      text: { body: `${ARABIC}\n\n${ENGLISH}` },
    });
  });

  it('refuses a channel whose flag is off, even when its adapter is configured', async () => {
    const off = loadOutboundConfig({
      SMTP_URL: `smtp://127.0.0.1:${smtp!.port}`,
      SMTP_FROM: 'ops@dealix.sa',
    });
    const e = await failure(deliver(off, draft({})));
    expect(e.code).toBe('channel_not_live');
    expect(smtp!.received).toHaveLength(0);
  });

  it('refuses a live channel without adapter settings', async () => {
    const e = await failure(deliver(loadOutboundConfig({ GMAIL_ALLOW_LIVE_SEND: 'true' }), draft({})));
    expect(e.code).toBe('adapter_not_configured');
  });

  it.each(['sms', 'in_app', 'export', 'linkedin'])('never sends %s live', async (channel) => {
    const all = loadOutboundConfig({ SMS_ALLOW_LIVE_SEND: 'true', GMAIL_ALLOW_LIVE_SEND: 'true' });
    const e = await failure(deliver(all, draft({ channel })));
    expect(e.code).toBe('channel_not_live');
  });

  it('refuses a draft without a recipient', async () => {
    const e = await failure(deliver(config, draft({ recipient: null })));
    expect(e).toMatchObject({ code: 'invalid_recipient', field: 'recipient' });
  });
});

describe('live flags and adapter settings', () => {
  it('everything is off by default', () => {
    const c = loadOutboundConfig({});
    expect(c.flags).toEqual({ email: false, whatsapp: false, sms: false, in_app: false, export: false });
    expect(c.smtp).toBeNull();
    expect(c.whatsapp).toBeNull();
    expect(c.problems).toEqual([]);
    expect(channelStatuses(c).every((s) => !s.live)).toBe(true);
  });

  it('maps each channel to its flag and connector', () => {
    expect(CHANNEL_LIVE).toEqual({
      email: { flag: 'GMAIL_ALLOW_LIVE_SEND', connector: 'gmail' },
      whatsapp: { flag: 'WHATSAPP_ALLOW_LIVE_SEND', connector: 'whatsapp_cloud' },
      sms: { flag: 'SMS_ALLOW_LIVE_SEND', connector: null },
      in_app: { flag: null, connector: null },
      export: { flag: null, connector: null },
    });
  });

  it.each([
    ['true', true, false],
    ['false', false, false],
    ['', false, false],
    ['TRUE', false, true],
    ['1', false, true],
    ['yes', false, true],
    [' true', false, true],
  ])('GMAIL_ALLOW_LIVE_SEND=%j is on: %s (reported: %s)', (value, on, reported) => {
    const c = loadOutboundConfig({ GMAIL_ALLOW_LIVE_SEND: value });
    expect(c.flags.email).toBe(on);
    const flagged = c.problems.some(
      (p) => p.variable === 'GMAIL_ALLOW_LIVE_SEND' && p.message.includes('only the exact value'),
    );
    expect(flagged).toBe(reported);
  });

  it('a flag on without its adapter is reported and not live (adapter_not_configured)', () => {
    const c = loadOutboundConfig({ WHATSAPP_ALLOW_LIVE_SEND: 'true' });
    expect(c.flags.whatsapp).toBe(true);
    expect(livePath(c, 'whatsapp')).toEqual({ live: false, reason: 'adapter_not_configured' });
    expect(c.problems).toContainEqual(
      expect.objectContaining({ variable: 'WHATSAPP_ALLOW_LIVE_SEND', severity: 'warning' }),
    );
  });

  it('SMS is never live: it has no connector a customer could allow', () => {
    const c = loadOutboundConfig({ SMS_ALLOW_LIVE_SEND: 'true' });
    expect(livePath(c, 'sms')).toEqual({ live: false, reason: 'no_connector' });
    expect(c.problems).toContainEqual(expect.objectContaining({ variable: 'SMS_ALLOW_LIVE_SEND' }));
    expect(livePath(c, 'in_app')).toEqual({ live: false, reason: 'no_live_path' });
    expect(livePath(c, 'export')).toEqual({ live: false, reason: 'no_live_path' });
  });

  it('reads the WhatsApp settings with the documented defaults', () => {
    const c = loadOutboundConfig({ WHATSAPP_TOKEN: TOKEN, WHATSAPP_PHONE_NUMBER_ID: PHONE_ID });
    expect({ ...c.whatsapp }).toEqual({
      api_base: 'https://graph.facebook.com',
      api_version: 'v21.0',
      token: TOKEN,
      phone_number_id: PHONE_ID,
    });
    const custom = loadOutboundConfig({
      WHATSAPP_TOKEN: TOKEN,
      WHATSAPP_PHONE_NUMBER_ID: PHONE_ID,
      WHATSAPP_API_BASE: 'http://localhost:9999/',
      WHATSAPP_API_VERSION: 'v22.0',
    });
    expect(custom.whatsapp).toMatchObject({ api_base: 'http://localhost:9999', api_version: 'v22.0' });
  });

  it.each([
    [{ SMTP_URL: 'http://mail.example.sa' }, 'SMTP_URL'],
    [{ SMTP_URL: 'smtp://u:pw@mail.example.sa:587' }, 'SMTP_FROM'],
    [{ SMTP_URL: 'smtp://u:pw@mail.example.sa:587', SMTP_FROM: 'not an address' }, 'SMTP_FROM'],
    [{ SMTP_FROM: 'ops@dealix.sa' }, 'SMTP_URL'],
    [{ WHATSAPP_TOKEN: TOKEN }, 'WHATSAPP_PHONE_NUMBER_ID'],
    [{ WHATSAPP_PHONE_NUMBER_ID: PHONE_ID }, 'WHATSAPP_TOKEN'],
    [{ WHATSAPP_TOKEN: TOKEN, WHATSAPP_PHONE_NUMBER_ID: 'abc' }, 'WHATSAPP_PHONE_NUMBER_ID'],
    [
      { WHATSAPP_TOKEN: TOKEN, WHATSAPP_PHONE_NUMBER_ID: PHONE_ID, WHATSAPP_API_VERSION: '21' },
      'WHATSAPP_API_VERSION',
    ],
    [
      {
        WHATSAPP_TOKEN: TOKEN,
        WHATSAPP_PHONE_NUMBER_ID: PHONE_ID,
        WHATSAPP_API_BASE: 'http://graph.example.com',
      },
      'WHATSAPP_API_BASE',
    ],
  ])('a malformed setting turns its adapter off and names the variable: %j', (env, variable) => {
    const c = loadOutboundConfig(env);
    expect(c.problems).toContainEqual(expect.objectContaining({ variable, severity: 'error' }));
    expect(variable.startsWith('SMTP') ? c.smtp : c.whatsapp).toBeNull();
  });

  it('no secret shows in the settings as JSON, on the console or in a problem', () => {
    const c = loadOutboundConfig({
      GMAIL_ALLOW_LIVE_SEND: 'true',
      SMTP_URL: 'smtps://mailer:Sup3r-Secret@mail.example.sa:465',
      SMTP_FROM: 'ops@dealix.sa',
      WHATSAPP_TOKEN: TOKEN,
      WHATSAPP_PHONE_NUMBER_ID: PHONE_ID,
      SMS_ALLOW_LIVE_SEND: 'true',
    });
    expect(c.smtp?.url).toContain('Sup3r-Secret');
    for (const shown of [JSON.stringify(c), inspect(c, { depth: 5 }), JSON.stringify(channelStatuses(c))]) {
      expect(shown).not.toContain('Sup3r-Secret');
      expect(shown).not.toContain(TOKEN);
    }
    expect(JSON.stringify(c)).toContain('mail.example.sa');
    const bad = loadOutboundConfig({ SMTP_URL: 'smtpx://mailer:Sup3r-Secret@host' });
    expect(JSON.stringify(bad.problems)).not.toContain('Sup3r-Secret');
  });

  it('lists each channel with its flag, adapter, connector and whether it is live', () => {
    const c = loadOutboundConfig({
      GMAIL_ALLOW_LIVE_SEND: 'true',
      SMTP_URL: 'smtp://mail.example.sa:587',
      SMTP_FROM: 'ops@dealix.sa',
      WHATSAPP_ALLOW_LIVE_SEND: 'true',
    });
    expect(channelStatuses(c)).toEqual([
      {
        channel: 'email',
        flag_name: 'GMAIL_ALLOW_LIVE_SEND',
        flag_on: true,
        live: true,
        adapter_configured: true,
        connector: 'gmail',
        reason: null,
      },
      {
        channel: 'whatsapp',
        flag_name: 'WHATSAPP_ALLOW_LIVE_SEND',
        flag_on: true,
        live: false,
        adapter_configured: false,
        connector: 'whatsapp_cloud',
        reason: 'adapter_not_configured',
      },
      {
        channel: 'sms',
        flag_name: 'SMS_ALLOW_LIVE_SEND',
        flag_on: false,
        live: false,
        adapter_configured: false,
        connector: null,
        reason: 'flag_off',
      },
      {
        channel: 'in_app',
        flag_name: null,
        flag_on: false,
        live: false,
        adapter_configured: false,
        connector: null,
        reason: 'no_live_path',
      },
      {
        channel: 'export',
        flag_name: null,
        flag_on: false,
        live: false,
        adapter_configured: false,
        connector: null,
        reason: 'no_live_path',
      },
    ]);
  });

  it('every email subject passes the claims guard', () => {
    for (const s of [DEFAULT_EMAIL_SUBJECT, ...Object.values(EMAIL_SUBJECTS)])
      expect(checkClaims(s).ok).toBe(true);
  });
});

describe('phone numbers', () => {
  it.each([
    ['+966 50 123 4567', '+966501234567'],
    ['+966501234567', '+966501234567'],
    ['0501234567', '+966501234567'],
    ['050-123-4567', '+966501234567'],
    ['(050) 123 4567', '+966501234567'],
    ['501234567', '+966501234567'],
    ['966501234567', '+966501234567'],
    ['00966501234567', '+966501234567'],
    ['+966 050 123 4567', '+966501234567'],
    ['٠٥٠١٢٣٤٥٦٧', '+966501234567'],
    ['+٩٦٦٥٠١٢٣٤٥٦٧', '+966501234567'],
    ['\u200e+966 50 123 4567\u200f', '+966501234567'],
    ['0112345678', '+966112345678'],
    ['+44 7700 900123', '+447700900123'],
    ['+971 50 123 4567', '+971501234567'],
    ['+1 (415) 555-0100', '+14155550100'],
    ['12345', null],
    ['', null],
    ['+966 50 123 456', null],
    ['+966 50 123 45678', null],
    ['+0966501234567', null],
    ['447700900123', null],
    ['+96650123456a', null],
    ['+1234567890123456', null],
    ['05012345678', null],
    ['phone', null],
    ['+', null],
  ])('normalizePhone(%j) → %j', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  it('masks all but the country prefix and the last two digits', () => {
    expect(maskPhone('+966501234567')).toBe('+9665******67');
    expect(maskPhone('+14155550100')).toBe('+1415*****00');
  });
});
