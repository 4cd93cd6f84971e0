import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../styles.css';
import { I18nProvider } from './i18n.js';
import { ApiError } from './problem.js';

/** Renders a surface with the shared providers: data fetching and i18n. */
export function mount(app: ReactNode) {
  const client = new QueryClient({
    defaultOptions: {
      queries: {
        // Client errors will not fix themselves; network and server errors may.
        retry: (count, error) =>
          count < 2 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
        staleTime: 5_000,
      },
    },
  });
  const root = document.getElementById('root');
  if (!root) throw new Error('no #root element');
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={client}>
        <I18nProvider>{app}</I18nProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
}
