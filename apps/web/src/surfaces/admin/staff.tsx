import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { buttonClass, FormProblem, SelectField, TextField } from '../../ui/form.js';
import { type MessageKey, useI18n } from '../../ui/i18n.js';
import { fieldErrors } from '../../ui/problem.js';
import type { StaffSession } from '../../ui/staff.js';
import { Empty, ErrorState, QueryState } from '../../ui/states.js';

const staffRoles = ['owner', 'manager', 'cashier', 'waiter', 'kitchen'] as const;
type StaffRole = (typeof staffRoles)[number];

/** The roles each role may give (identity's rule, docs/api.md § Authentication): the server decides. */
const assignable: Record<string, readonly StaffRole[]> = {
  owner: staffRoles,
  manager: ['cashier', 'waiter', 'kitchen'],
};

interface User {
  id: string;
  role: string;
  email: string | null;
  username: string | null;
  display_name: string;
  is_active: boolean;
  must_change_password: boolean;
}

const usersKey = ['users'] as const;
const emailPattern = /^\S+@\S+\.\S+$/;

/** The restaurant's staff: who they are, their role, whether they may sign in; add and manage them. */
export function Staff({ session }: { session: StaffSession }) {
  const { t } = useI18n();
  const users = useQuery({
    queryKey: usersKey,
    queryFn: async () =>
      (await session.api.get<{ data: User[] }>('/users?limit=200')).data.filter(
        (user) => user.role !== 'customer',
      ),
  });
  const actor = session.tokens?.user;
  const grantable = assignable[actor?.role ?? ''] ?? [];
  return (
    <div className="flex flex-col gap-4">
      <section aria-labelledby="staff-list" className="flex flex-col gap-3 rounded-xl bg-white p-4 shadow">
        <h2 id="staff-list" className="text-lg font-bold">
          {t('admin.staff')}
        </h2>
        <QueryState query={users}>
          {(list) =>
            list.length === 0 ? (
              <Empty>{t('admin.no_staff')}</Empty>
            ) : (
              <ul className="flex flex-col divide-y divide-stone-200">
                {list.map((user) => (
                  <StaffRow
                    key={user.id}
                    session={session}
                    user={user}
                    self={user.id === actor?.id}
                    grantable={grantable}
                  />
                ))}
              </ul>
            )
          }
        </QueryState>
      </section>
      {grantable.length > 0 && <AddStaff session={session} grantable={grantable} />}
      <RoleLegend />
    </div>
  );
}

const roleLabel = (role: string): MessageKey => `admin.role.${role}` as MessageKey;

/** One person: role (changeable when the signed-in user may give both), status, access actions. */
function StaffRow({
  session,
  user,
  self,
  grantable,
}: {
  session: StaffSession;
  user: User;
  self: boolean;
  grantable: readonly StaffRole[];
}) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [temporary, setTemporary] = useState<string | null>(null);
  const [confirmReset, setConfirmReset] = useState(false);
  const done = () => client.invalidateQueries({ queryKey: usersKey });
  const update = useMutation({
    // Deactivating (is_active: false) also ends every session of the user.
    mutationFn: (changes: { role?: string; is_active?: boolean }) =>
      session.api.patch(`/users/${user.id}`, changes),
    onSuccess: done,
  });
  const reset = useMutation({
    mutationFn: () =>
      session.api.post<{ temporary_password: string | null }>(`/users/${user.id}/reset-password`, {}),
    onSuccess: (answer) => {
      setConfirmReset(false);
      setTemporary(answer.temporary_password);
      return done();
    },
  });
  const manageable = !self && grantable.includes(user.role as StaffRole);
  const name = user.display_name;
  return (
    <li className="flex flex-col gap-2 py-3" data-user={user.email ?? user.username ?? user.id}>
      <div className="flex flex-wrap items-center gap-3">
        <div className="mr-auto min-w-48">
          <p className="font-semibold">
            {name}
            {self && <span className="font-normal text-stone-600"> {t('admin.you')}</span>}
          </p>
          <p className="text-sm text-stone-700">{user.email ?? user.username}</p>
        </div>
        {manageable ? (
          <div className="w-44">
            <SelectField
              label={t('admin.role_of', { name })}
              value={user.role}
              disabled={update.isPending || !user.is_active}
              onValue={(role) => update.mutate({ role })}
              options={grantable.map((role) => [role, t(roleLabel(role))] as const)}
            />
          </div>
        ) : (
          <span className="rounded-full bg-stone-100 px-3 py-1 text-sm">{t(roleLabel(user.role))}</span>
        )}
        <span
          className={`rounded-full px-3 py-1 text-sm ${user.is_active ? 'bg-green-100 text-green-900' : 'bg-stone-200 text-stone-800'}`}
        >
          {user.is_active ? t('admin.active') : t('admin.inactive')}
        </span>
        {manageable && (
          <div className="flex flex-wrap gap-2">
            <button
              type="button"
              className={buttonClass(user.is_active ? 'danger' : 'secondary')}
              disabled={update.isPending}
              aria-label={t(user.is_active ? 'admin.deactivate_name' : 'admin.reactivate_name', { name })}
              onClick={() => update.mutate({ is_active: !user.is_active })}
            >
              {t(user.is_active ? 'admin.deactivate' : 'admin.reactivate')}
            </button>
            {user.is_active && (
              <button
                type="button"
                className={buttonClass('secondary')}
                disabled={reset.isPending}
                aria-label={t(confirmReset ? 'admin.confirm_reset_name' : 'admin.reset_password_name', {
                  name,
                })}
                onClick={() => (confirmReset ? reset.mutate() : setConfirmReset(true))}
              >
                {t(confirmReset ? 'admin.confirm_reset' : 'admin.reset_password')}
              </button>
            )}
          </div>
        )}
      </div>
      {temporary && (
        <p role="status" className="rounded-md bg-amber-50 p-3 text-amber-950">
          {t('admin.temporary_password', { name })} <code className="font-mono font-bold">{temporary}</code>
        </p>
      )}
      {update.error !== null && <ErrorState error={update.error} />}
      {reset.error !== null && <ErrorState error={reset.error} />}
    </li>
  );
}

const newStaffFields = ['display_name', 'email', 'role', 'password'] as const;
type NewStaffField = (typeof newStaffFields)[number];

function AddStaff({ session, grantable }: { session: StaffSession; grantable: readonly StaffRole[] }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const empty = {
    display_name: '',
    email: '',
    role: grantable.includes('waiter') ? 'waiter' : grantable[0]!,
    password: '',
  };
  const [form, setForm] = useState<Record<NewStaffField, string>>(empty);
  const [checks, setChecks] = useState<Partial<Record<NewStaffField, string>>>({});
  const [added, setAdded] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (body: Record<NewStaffField, string>) => session.api.post<User>('/users', body),
    onSuccess: (user) => {
      setAdded(user.display_name);
      setForm(empty);
      return client.invalidateQueries({ queryKey: usersKey });
    },
  });
  const server = fieldErrors(create.error);
  const errorOf = (field: NewStaffField) => checks[field] ?? server[field] ?? null;
  const set = (field: NewStaffField) => (value: string) =>
    setForm((current) => ({ ...current, [field]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: Partial<Record<NewStaffField, string>> = {};
    if (!form.display_name.trim()) found.display_name = t('form.required');
    if (!emailPattern.test(form.email.trim())) found.email = t('login.email_invalid');
    if (form.password.length < 8) found.password = t('admin.password_short');
    setChecks(found);
    setAdded(null);
    if (Object.keys(found).length > 0) return;
    create.mutate({ ...form, display_name: form.display_name.trim(), email: form.email.trim() });
  };

  return (
    <section aria-labelledby="staff-add" className="flex flex-col gap-3 rounded-xl bg-white p-4 shadow">
      <h2 id="staff-add" className="text-lg font-bold">
        {t('admin.add_staff')}
      </h2>
      <form onSubmit={submit} noValidate className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <TextField
          label={t('admin.name')}
          autoComplete="off"
          value={form.display_name}
          onValue={set('display_name')}
          error={errorOf('display_name')}
        />
        <TextField
          label={t('login.email')}
          type="email"
          autoComplete="off"
          value={form.email}
          onValue={set('email')}
          error={errorOf('email')}
        />
        <SelectField
          label={t('admin.role')}
          value={form.role}
          onValue={set('role')}
          options={grantable.map((role) => [role, t(roleLabel(role))] as const)}
          error={errorOf('role')}
        />
        <TextField
          label={t('admin.initial_password')}
          type="password"
          autoComplete="new-password"
          hint={t('admin.password_hint')}
          value={form.password}
          onValue={set('password')}
          error={errorOf('password')}
        />
        {create.error !== null && (
          <div className="sm:col-span-2">
            <FormProblem error={create.error} inline={newStaffFields} />
          </div>
        )}
        {added && (
          <p role="status" className="text-green-900 sm:col-span-2">
            {t('admin.staff_added', { name: added })}
          </p>
        )}
        <div className="sm:col-span-2">
          <button type="submit" className={buttonClass()} disabled={create.isPending}>
            {t('admin.add_staff')}
          </button>
        </div>
      </form>
    </section>
  );
}

function RoleLegend() {
  const { t } = useI18n();
  return (
    <section aria-labelledby="staff-roles" className="flex flex-col gap-3 rounded-xl bg-white p-4 shadow">
      <h2 id="staff-roles" className="text-lg font-bold">
        {t('admin.roles_legend')}
      </h2>
      <dl className="grid grid-cols-1 gap-x-4 gap-y-2 sm:grid-cols-[auto_1fr]">
        {staffRoles.map((role) => (
          <div key={role} className="contents">
            <dt className="font-semibold">{t(roleLabel(role))}</dt>
            <dd className="text-stone-700">{t(`admin.role_may.${role}` as MessageKey)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
