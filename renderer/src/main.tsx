import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { registerShellServiceWorker } from './app/shellServiceWorker';
import { ErrorBoundary } from './ui/ErrorBoundary';
import { bindCacheInvalidation, cacheDb } from './data';
import './ui/theme.css';

// Reads come from the local cache, so they work offline (`networkMode: 'always'`, STYLE.md).
const queryClient = new QueryClient({
  defaultOptions: { queries: { networkMode: 'always', staleTime: Infinity, retry: false }, mutations: { networkMode: 'always' } },
});

bindCacheInvalidation(queryClient, cacheDb);
registerShellServiceWorker();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary label="Accord">
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </ErrorBoundary>
  </StrictMode>,
);
