import type { ReactNode } from 'react';
import { useI18n } from './i18n.js';
import { describeError } from './problem.js';

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <div
      role="status"
      aria-live="polite"
      className="flex items-center justify-center gap-3 p-8 text-stone-600"
    >
      <span
        className="h-5 w-5 animate-spin rounded-full border-2 border-stone-300 border-t-amber-700"
        aria-hidden
      />
      <span>{label ?? t('common.loading')}</span>
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return (
    <p className="rounded-lg border border-dashed border-stone-300 p-6 text-center text-stone-600">
      {children}
    </p>
  );
}

/** An error in words a person understands, with the server's field errors and a retry. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const { message, fields } = describeError(error, t);
  return (
    <div role="alert" className="rounded-lg border border-red-300 bg-red-50 p-4 text-red-900">
      <p className="font-medium">{message}</p>
      {fields.length > 0 && (
        <ul className="mt-2 list-disc pl-5 text-sm">
          {fields.map((field) => (
            <li key={field}>{field}</li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button
          type="button"
          onClick={onRetry}
          className="mt-3 rounded-md bg-red-800 px-4 font-medium text-white"
        >
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

/** Loading, error or the content, for one query. */
export function QueryState<T>({
  query,
  children,
}: {
  query: { isPending: boolean; error: unknown; data: T | undefined; refetch: () => unknown };
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Loading />;
  if (query.error || query.data === undefined)
    return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  return <>{children(query.data)}</>;
}
