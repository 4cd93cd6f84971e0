import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { createApi } from '../../ui/api.js';
import { buttonClass, TextField } from '../../ui/form.js';
import { useI18n } from '../../ui/i18n.js';
import { Sheet } from '../../ui/sheet.js';
import type { StaffSession } from '../../ui/staff.js';
import { ErrorState } from '../../ui/states.js';
import { loadRecentStaff, type RecentStaff, saveRecentStaff, withoutRecent } from './recent-staff.js';

/** Hand the terminal to someone else; the previous person's sign-in ends. */
export function SwitchUserSheet({ session, onClose }: { session: StaffSession; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Sheet title={t('pos.switch_user')} onClose={onClose}>
      <StaffPicker session={session} onSignedIn={onClose} />
    </Sheet>
  );
}

/**
 * Who takes the terminal: one of the device's recent staff, who types only their password, or
 * anyone by e-mail and password. Whoever was signed in before is signed out.
 */
export function StaffPicker({ session, onSignedIn }: { session: StaffSession; onSignedIn?: () => void }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const current = session.tokens?.user.email?.toLowerCase();
  const [recent, setRecent] = useState(() =>
    loadRecentStaff().filter((person) => person.email.toLowerCase() !== current),
  );
  const [chosen, setChosen] = useState<RecentStaff | 'someone' | null>(
    recent.length === 0 ? 'someone' : null,
  );
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [invalid, setInvalid] = useState<{ email?: string; password?: string }>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const address = chosen && chosen !== 'someone' ? chosen.email : email.trim();
    const problems = {
      ...(!/^\S+@\S+\.\S+$/.test(address) && { email: t('login.email_invalid') }),
      ...(!password && { password: t('login.password_required') }),
    };
    setInvalid(problems);
    if (Object.keys(problems).length > 0) return;
    const previous = session.tokens;
    setBusy(true);
    setError(null);
    try {
      await session.login(address, password);
    } catch (caught) {
      setBusy(false);
      return setError(caught);
    }
    if (previous)
      void createApi()
        .post('/auth/logout', { refresh_token: previous.refresh_token })
        .catch(() => undefined);
    void client.invalidateQueries();
    onSignedIn?.();
  }

  function forget(person: RecentStaff) {
    const all = withoutRecent(loadRecentStaff(), person.email);
    saveRecentStaff(all);
    setRecent((list) => withoutRecent(list, person.email));
  }

  const back = () => {
    setChosen(null);
    setPassword('');
    setInvalid({});
    setError(null);
  };
  return chosen === null ? (
    <div className="flex flex-col gap-2">
      <p>{t('pos.switch_pick')}</p>
      <ul aria-label={t('pos.recent_staff')} className="flex flex-col gap-2">
        {recent.map((person) => (
          <li key={person.email} className="flex gap-2">
            <button
              type="button"
              onClick={() => setChosen(person)}
              className="flex flex-1 flex-col items-start rounded-lg border border-stone-300 p-2 text-left"
            >
              <span className="font-semibold">{person.name}</span>
              <span className="text-sm text-stone-700">{person.email}</span>
            </button>
            <button
              type="button"
              onClick={() => forget(person)}
              aria-label={t('pos.forget', { name: person.name })}
              className={buttonClass('secondary')}
            >
              {t('pos.forget_short')}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" onClick={() => setChosen('someone')} className={buttonClass('secondary')}>
        {t('pos.someone_else')}
      </button>
    </div>
  ) : (
    <form onSubmit={submit} noValidate className="flex flex-col gap-3">
      {chosen === 'someone' ? (
        <TextField
          label={t('login.email')}
          type="email"
          autoComplete="username"
          value={email}
          onValue={setEmail}
          error={invalid.email}
        />
      ) : (
        <p>
          <span className="font-semibold">{chosen.name}</span>{' '}
          <span className="text-stone-700">{chosen.email}</span>
        </p>
      )}
      <TextField
        label={chosen === 'someone' ? t('login.password') : t('pos.password_for', { name: chosen.name })}
        type="password"
        autoComplete="current-password"
        value={password}
        onValue={setPassword}
        error={invalid.password}
      />
      {error !== null && <ErrorState error={error} />}
      <button type="submit" disabled={busy} className={buttonClass()}>
        {busy ? t('common.loading') : t('login.submit')}
      </button>
      {recent.length > 0 && (
        <button type="button" onClick={back} className={buttonClass('secondary')}>
          {t('pos.back')}
        </button>
      )}
    </form>
  );
}
