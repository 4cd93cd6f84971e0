import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { buttonClass, TextField } from '../../ui/form.js';
import { useI18n } from '../../ui/i18n.js';
import { Stepper } from '../../ui/menu/item-sheet.js';
import { ApiError } from '../../ui/problem.js';
import { Sheet } from '../../ui/sheet.js';
import type { StaffSession } from '../../ui/staff.js';
import { ErrorState } from '../../ui/states.js';
import { asManager } from './manager-approval.js';
import type { Order, OrderLine } from './types.js';

/**
 * Void a line (or part of it). Before the kitchen started it anyone taking orders may; after,
 * the API answers `void_needs_manager` and a manager approves on this terminal.
 */
export function VoidLineSheet({
  session,
  order,
  line,
  onClose,
}: {
  session: StaffSession;
  order: Order;
  line: OrderLine;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [reason, setReason] = useState('');
  const [quantity, setQuantity] = useState(line.quantity);
  const [invalid, setInvalid] = useState<string | null>(null);
  const [needsManager, setNeedsManager] = useState(false);
  const path = `/orders/${order.id}/lines/${line.id}/void`;
  const body = {
    ...(reason.trim() && { reason: reason.trim() }),
    ...(quantity < line.quantity && { quantity }),
  };
  const done = () => {
    void client.invalidateQueries({ queryKey: ['pos'] });
    void client.invalidateQueries({ queryKey: ['floor'] });
    onClose();
  };
  const voidLine = useMutation({
    mutationFn: () => session.api.post(path, body),
    onSuccess: done,
    onError: (error) => {
      if (!(error instanceof ApiError) || error.code !== 'void_needs_manager') return;
      // The kitchen started it meanwhile: a manager approves, and a reason is owed.
      if (reason.trim()) setNeedsManager(true);
      else setInvalid(t('pos.void_reason_required'));
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    // Started lines need a reason (the API says so too); ask before sending.
    if (line.kitchen_state !== 'queued' && !reason.trim()) return setInvalid(t('pos.void_reason_required'));
    setInvalid(null);
    voidLine.mutate();
  }

  if (needsManager) return <ManagerApproval path={path} body={body} onDone={done} onClose={onClose} />;
  const stateNote = line.kitchen_state === 'queued' ? null : t(`pos.kitchen.${line.kitchen_state}`);
  return (
    <Sheet title={t('pos.void_title', { name: line.name })} onClose={onClose}>
      <form onSubmit={submit} noValidate className="flex flex-col gap-3">
        {stateNote && (
          <p className="rounded-md bg-amber-50 p-2 text-amber-900">
            {t('pos.void_started', { state: stateNote })}
          </p>
        )}
        <TextField
          label={t('pos.void_reason')}
          hint={t('pos.void_reason_hint')}
          value={reason}
          onValue={setReason}
          maxLength={500}
          error={invalid}
        />
        {line.quantity > 1 && (
          <div>
            <p className="font-medium">{t('pos.void_quantity')}</p>
            <Stepper
              value={quantity}
              onChange={(next) => setQuantity(Math.min(line.quantity, next))}
              label={t('pos.void_quantity')}
            />
          </div>
        )}
        {voidLine.error && !invalid && <ErrorState error={voidLine.error} />}
        <button type="submit" disabled={voidLine.isPending} className={buttonClass('danger')}>
          {voidLine.isPending ? t('common.loading') : t('pos.void_submit')}
        </button>
      </form>
    </Sheet>
  );
}

/** A manager's e-mail and password approve this one void, recorded as theirs. */
function ManagerApproval({
  path,
  body,
  onDone,
  onClose,
}: {
  path: string;
  body: Record<string, unknown>;
  onDone: () => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [invalid, setInvalid] = useState<{ email?: string; password?: string }>({});
  const approve = useMutation({
    mutationFn: () => asManager({ email: email.trim(), password }, (api) => api.post(path, body)),
    onSuccess: onDone,
  });
  const notManager = approve.error instanceof ApiError && approve.error.code === 'void_needs_manager';

  function submit(event: FormEvent) {
    event.preventDefault();
    const problems = {
      ...(!/^\S+@\S+\.\S+$/.test(email.trim()) && { email: t('login.email_invalid') }),
      ...(!password && { password: t('login.password_required') }),
    };
    setInvalid(problems);
    if (Object.keys(problems).length === 0) approve.mutate();
  }

  return (
    <Sheet title={t('pos.approval_title')} onClose={onClose}>
      <form onSubmit={submit} noValidate className="flex flex-col gap-3">
        <p>{t('pos.approval_intro')}</p>
        <TextField
          label={t('pos.approval_email')}
          type="email"
          autoComplete="off"
          value={email}
          onValue={setEmail}
          error={invalid.email}
        />
        <TextField
          label={t('pos.approval_password')}
          type="password"
          autoComplete="off"
          value={password}
          onValue={setPassword}
          error={invalid.password}
        />
        {notManager ? (
          <p role="alert" className="rounded-lg border border-red-300 bg-red-50 p-4 text-red-900">
            {t('pos.approval_not_manager')}
          </p>
        ) : (
          approve.error && <ErrorState error={approve.error} />
        )}
        <button type="submit" disabled={approve.isPending} className={buttonClass('danger')}>
          {approve.isPending ? t('common.loading') : t('pos.approve_void')}
        </button>
      </form>
    </Sheet>
  );
}
