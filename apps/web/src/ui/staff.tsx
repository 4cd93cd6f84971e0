import { type FormEvent, type ReactNode, useMemo, useState } from 'react';
import { type Api, createApi, sessionTokenStore, type Tokens } from './api.js';
import { buttonClass, TextField } from './form.js';
import { LanguageSwitcher, type MessageKey, useI18n } from './i18n.js';
import type { FeedStatus } from './realtime.js';
import { ErrorState } from './states.js';

/** A staff surface's API client and sign-in state (kept per browser tab). */
export function useStaffSession(surface: string) {
  const store = useMemo(() => sessionTokenStore(`brigade.${surface}.session`), [surface]);
  const api = useMemo(() => createApi(store), [store]);
  const [tokens, setTokens] = useState<Tokens | null>(() => store.get());
  return {
    api,
    tokens,
    async login(email: string, password: string) {
      setTokens(await api.login({ email, password }));
    },
    logout() {
      api.logout();
      setTokens(null);
    },
  };
}

export type StaffSession = ReturnType<typeof useStaffSession>;

/** A staff surface: its sign-in form until someone signs in, then the screen. */
export function StaffApp({
  surface,
  title,
  children,
}: {
  surface: string;
  title: MessageKey;
  children: (session: StaffSession) => ReactNode;
}) {
  const { t } = useI18n();
  const session = useStaffSession(surface);
  if (!session.tokens) return <StaffLogin title={t(title)} session={session} />;
  return <>{children(session)}</>;
}

export function StaffLogin({ title, session }: { title: string; session: StaffSession }) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [invalid, setInvalid] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    // Validate before sending.
    if (!/^\S+@\S+\.\S+$/.test(email)) return setInvalid(t('login.email_invalid'));
    if (password.length === 0) return setInvalid(t('login.password_required'));
    setInvalid(null);
    setBusy(true);
    setError(null);
    try {
      await session.login(email.trim(), password);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center gap-6 p-6">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">{title}</h1>
        <LanguageSwitcher />
      </div>
      <form onSubmit={submit} noValidate className="flex flex-col gap-4 rounded-xl bg-white p-6 shadow">
        <TextField
          label={t('login.email')}
          type="email"
          name="email"
          autoComplete="username"
          value={email}
          onValue={setEmail}
        />
        <TextField
          label={t('login.password')}
          type="password"
          name="password"
          autoComplete="current-password"
          value={password}
          onValue={setPassword}
        />
        {invalid && (
          <p role="alert" className="text-sm text-red-800">
            {invalid}
          </p>
        )}
        {error !== null && <ErrorState error={error} />}
        <button type="submit" disabled={busy} className={buttonClass()}>
          {busy ? t('common.loading') : t('login.submit')}
        </button>
      </form>
    </main>
  );
}

export function LiveIndicator({ status }: { status: FeedStatus }) {
  const { t } = useI18n();
  const styles = {
    live: 'bg-green-100 text-green-900',
    connecting: 'bg-amber-100 text-amber-900',
    offline: 'bg-red-100 text-red-900',
  } as const;
  return (
    <span role="status" className={`rounded-full px-3 py-1 text-sm font-medium ${styles[status]}`}>
      {t(`live.${status}`)}
    </span>
  );
}

/** The bar on top of every staff screen: title, who is signed in, language, sign out. */
export function StaffHeader({
  title,
  session,
  children,
}: {
  title: string;
  session: StaffSession;
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const user = session.tokens?.user;
  return (
    <header className="flex flex-wrap items-center gap-3 bg-stone-900 px-4 py-2 text-white">
      <h1 className="mr-auto text-lg font-semibold">{title}</h1>
      {children}
      {user && <span className="text-sm text-stone-300">{user.display_name ?? user.email ?? user.role}</span>}
      <LanguageSwitcher />
      <button
        type="button"
        onClick={session.logout}
        className="rounded-md border border-stone-500 px-3 text-sm"
      >
        {t('login.sign_out')}
      </button>
    </header>
  );
}

export type { Api };
export { createApi };
