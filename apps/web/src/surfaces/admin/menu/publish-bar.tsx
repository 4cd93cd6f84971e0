import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { idempotencyKeys } from '../../../ui/api.js';
import { buttonClass, TextField } from '../../../ui/form.js';
import { formatDateTime } from '../../../ui/format.js';
import { useI18n } from '../../../ui/i18n.js';
import type { StaffSession } from '../../../ui/staff.js';
import { Empty, ErrorState, QueryState } from '../../../ui/states.js';
import { fetchAll } from './fetch-helpers.js';
import { type MenuSnapshot, type MenuVersion, menuKeys } from './menu-data.js';
import { type Draft, hasUnpublishedChanges } from './publish-state.js';

/**
 * Publishing: whether the draft differs from what guests see, "Publish" (with an optional
 * note), and the published versions with "Restore" for rolling back.
 */
export function PublishBar({
  session,
  draft,
  timeZone,
}: {
  session: StaffSession;
  draft: Draft;
  timeZone: string;
}) {
  const { t, locale } = useI18n();
  const client = useQueryClient();
  const [note, setNote] = useState('');
  const [keyFor] = useState(idempotencyKeys);
  const [showVersions, setShowVersions] = useState(false);
  const versions = useQuery({
    queryKey: menuKeys.versions,
    queryFn: () => fetchAll<MenuVersion>(session, '/menu/versions'),
  });
  const liveVersion = versions.data?.find((version) => version.is_live)?.version;
  const live = useQuery({
    queryKey: menuKeys.version(liveVersion),
    staleTime: Number.POSITIVE_INFINITY,
    queryFn: () =>
      liveVersion === undefined
        ? null
        : session.api
            .get<{ snapshot: MenuSnapshot }>(`/menu/versions/${liveVersion}`)
            .then((detail) => detail.snapshot),
    enabled: versions.isSuccess,
  });
  const refresh = () => client.invalidateQueries({ queryKey: menuKeys.versions });
  const publish = useMutation({
    mutationFn: (body: { note?: string }) => session.api.post('/menu/publish', body, keyFor(body)),
    onSuccess: () => {
      setNote('');
      return refresh();
    },
  });
  const restore = useMutation({
    mutationFn: (version: number) => session.api.post(`/menu/versions/${version}/restore`),
    onSuccess: refresh,
  });
  const changed = live.isSuccess ? hasUnpublishedChanges(draft, live.data) : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    publish.mutate(note.trim() ? { note: note.trim() } : {});
  }

  return (
    <section aria-labelledby="publish-title" className="flex flex-col gap-3 rounded-xl bg-white p-4 shadow">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="publish-title" className="text-xl font-semibold">
          {t('backoffice.publishing')}
        </h2>
        {changed !== null && (
          <span
            role="status"
            className={`rounded-full px-3 py-1 text-sm font-semibold ${changed ? 'bg-amber-100 text-amber-900' : 'bg-green-100 text-green-900'}`}
          >
            {changed ? t('backoffice.unpublished_changes') : t('backoffice.all_published')}
          </span>
        )}
        {liveVersion !== undefined && (
          <span className="text-sm text-stone-600">
            {t('backoffice.live_version', { version: liveVersion })}
          </span>
        )}
      </div>
      <form onSubmit={submit} noValidate className="flex flex-wrap items-end gap-3">
        <TextField
          label={t('backoffice.publish_note')}
          hint={t('backoffice.optional')}
          maxLength={500}
          value={note}
          onValue={setNote}
        />
        <button type="submit" className={buttonClass()} disabled={publish.isPending}>
          {t('backoffice.publish')}
        </button>
        <button
          type="button"
          className={buttonClass('secondary')}
          aria-expanded={showVersions}
          onClick={() => setShowVersions(!showVersions)}
        >
          {t('backoffice.versions')}
        </button>
      </form>
      {publish.error !== null && <ErrorState error={publish.error} />}
      {restore.error !== null && <ErrorState error={restore.error} />}
      {live.error !== null && <ErrorState error={live.error} onRetry={() => live.refetch()} />}
      {showVersions && (
        <QueryState query={versions}>
          {(list) =>
            list.length === 0 ? (
              <Empty>{t('backoffice.no_versions')}</Empty>
            ) : (
              <ol className="flex flex-col gap-2">
                {list.map((version) => (
                  <li
                    key={version.version}
                    className="flex flex-wrap items-center gap-3 border-b border-stone-100 pb-2"
                  >
                    <span className="font-semibold">
                      {t('backoffice.version', { version: version.version })}
                    </span>
                    <span>{formatDateTime(version.published_at, timeZone, locale)}</span>
                    {version.note && <span className="text-stone-600">“{version.note}”</span>}
                    {version.is_live ? (
                      <span className="rounded-full bg-green-100 px-3 py-1 text-sm font-semibold text-green-900">
                        {t('backoffice.live')}
                      </span>
                    ) : (
                      <button
                        type="button"
                        className={`${buttonClass('secondary')} ml-auto`}
                        disabled={restore.isPending}
                        onClick={() => restore.mutate(version.version)}
                      >
                        {t('backoffice.restore_version', { version: version.version })}
                      </button>
                    )}
                  </li>
                ))}
              </ol>
            )
          }
        </QueryState>
      )}
    </section>
  );
}
