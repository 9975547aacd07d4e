/**
 * The console shell: skip link, header with the product name and the language switch, the main
 * navigation (hash routes) and the page. Today shows Riyadh's date (Gregorian and Hijri) and the
 * sign-in form or the signed-in user.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, currentSession, login, logout, type SessionUser } from './api';
import { formatGregorianDate, formatHijriDate, formatTime } from './format';
import { applyLang, type Lang, loadLang, type MessageKey, saveLang, translator } from './i18n';

export const ROUTES = [
  'today',
  'customers',
  'tickets',
  'approvals',
  'incidents',
  'reports',
  'ledger',
] as const;
export type Route = (typeof ROUTES)[number];

type T = (key: MessageKey) => string;

function routeFromHash(hash: string): Route | null {
  if (!hash.startsWith('#/')) return null;
  const name = hash.slice(2);
  return (ROUTES as readonly string[]).includes(name) ? (name as Route) : 'today';
}

function useRoute(): Route {
  const [route, setRoute] = useState<Route>(() => routeFromHash(location.hash) ?? 'today');
  useEffect(() => {
    // Hashes that are not routes (such as the skip link's #main) leave the page as it is.
    const onChange = () => {
      const next = routeFromHash(location.hash);
      if (next !== null) setRoute(next);
    };
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

function useNow(intervalMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const id = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}

export function App() {
  const [lang, setLang] = useState<Lang>(loadLang);
  const route = useRoute();
  const t = translator(lang);

  useEffect(() => {
    applyLang(lang);
    saveLang(lang);
  }, [lang]);

  return (
    <>
      <a class="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header class="site-header">
        <div class="brand">
          <span class="brand-name">{t('productName')}</span>
          <span class="brand-tagline">{t('productTagline')}</span>
        </div>
        <button
          type="button"
          class="lang-switch"
          lang={lang === 'ar' ? 'en' : 'ar'}
          aria-label={t('switchLanguageLabel')}
          data-testid="lang-switch"
          onClick={() => setLang(lang === 'ar' ? 'en' : 'ar')}
        >
          {t('switchLanguage')}
        </button>
      </header>
      <nav class="main-nav" aria-label={t('mainNav')}>
        <ul>
          {ROUTES.map((name) => (
            <li key={name}>
              <a href={`#/${name}`} aria-current={route === name ? 'page' : undefined}>
                {t(`nav.${name}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        {route === 'today' ? <TodayPage lang={lang} t={t} /> : <PendingPage route={route} t={t} />}
      </main>
    </>
  );
}

function TodayPage({ lang, t }: { lang: Lang; t: T }) {
  const now = useNow();
  return (
    <>
      <h1>{t('today.heading')}</h1>
      <div class="cards">
        <section class="card" aria-labelledby="today-date">
          <h2 id="today-date">{t('today.dateHeading')}</h2>
          <dl class="facts">
            <div>
              <dt>{t('today.gregorian')}</dt>
              <dd data-testid="date-gregorian">{formatGregorianDate(now, lang)}</dd>
            </div>
            <div>
              <dt>{t('today.hijri')}</dt>
              <dd data-testid="date-hijri">{formatHijriDate(now, lang)}</dd>
            </div>
            <div>
              <dt>{t('today.time')}</dt>
              <dd data-testid="time-now">{formatTime(now, lang)}</dd>
            </div>
          </dl>
          <p class="note">{t('today.timeZoneNote')}</p>
        </section>
        <Account t={t} />
      </div>
    </>
  );
}

function PendingPage({ route, t }: { route: Route; t: T }) {
  return (
    <>
      <h1>{t(`nav.${route}`)}</h1>
      <p>{t('page.pending')}</p>
    </>
  );
}

function roleLabel(role: string, t: T): string {
  switch (role) {
    case 'founder':
    case 'operator_oncall':
    case 'operator_team':
    case 'customer':
      return t(`role.${role}`);
    default:
      return role;
  }
}

function Account({ t }: { t: T }) {
  const [user, setUser] = useState<SessionUser | null>(null);
  const [status, setStatus] = useState<{ kind: 'error' | 'info'; key: MessageKey } | null>(null);
  const [busy, setBusy] = useState(false);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  useEffect(() => {
    let live = true;
    currentSession().then((u) => {
      if (live && u !== null) setUser(u);
    });
    return () => {
      live = false;
    };
  }, []);

  const onSubmit = useCallback(
    async (event: Event) => {
      event.preventDefault();
      if (email.trim() === '' || password === '') {
        setStatus({ kind: 'error', key: 'signIn.missing' });
        return;
      }
      setBusy(true);
      setStatus(null);
      try {
        setUser(await login(email.trim(), password));
        setPassword('');
        setStatus({ kind: 'info', key: 'session.signedIn' });
      } catch (err) {
        const known = err instanceof ApiError && err.status >= 400 && err.status < 500;
        setStatus({ kind: 'error', key: known ? 'signIn.failed' : 'signIn.unavailable' });
      } finally {
        setBusy(false);
      }
    },
    [email, password],
  );

  const onSignOut = useCallback(async () => {
    try {
      await logout();
    } catch {
      // The session is dropped on this side either way.
    }
    setUser(null);
    setStatus({ kind: 'info', key: 'session.signedOut' });
  }, []);

  return (
    <section class="card" aria-labelledby="account-heading">
      {user === null ? (
        <form class="sign-in" onSubmit={onSubmit} noValidate>
          <h2 id="account-heading">{t('signIn.heading')}</h2>
          <div class="field">
            <label for="sign-in-email">{t('signIn.email')}</label>
            <input
              id="sign-in-email"
              name="email"
              type="email"
              dir="ltr"
              autocomplete="username"
              required
              value={email}
              onInput={(e) => setEmail(e.currentTarget.value)}
            />
          </div>
          <div class="field">
            <label for="sign-in-password">{t('signIn.password')}</label>
            <input
              id="sign-in-password"
              name="password"
              type="password"
              dir="ltr"
              autocomplete="current-password"
              required
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          </div>
          <button type="submit" class="primary" disabled={busy}>
            {busy ? t('signIn.submitting') : t('signIn.submit')}
          </button>
        </form>
      ) : (
        <div class="session">
          <h2 id="account-heading">{t('session.heading')}</h2>
          <dl class="facts">
            <div>
              <dt>{t('session.signedInAs')}</dt>
              <dd data-testid="user-name">{user.name}</dd>
            </div>
            <div>
              <dt>{t('session.role')}</dt>
              <dd data-testid="user-role">{roleLabel(user.role, t)}</dd>
            </div>
          </dl>
          <button type="button" class="secondary" onClick={onSignOut}>
            {t('session.signOut')}
          </button>
        </div>
      )}
      <p class={`status ${status?.kind ?? ''}`} role="status" aria-live="polite" data-testid="status">
        {status === null ? '' : t(status.key)}
      </p>
    </section>
  );
}
