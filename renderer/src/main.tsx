import '@mantine/core/styles.css';
import '@mantine/dates/styles.css';
import './styles.css';
// The picker's month and weekday names: Chinese whatever the machine's locale.
import 'dayjs/locale/zh-cn';
import { MantineProvider } from '@mantine/core';
import { DatesProvider, type DatesProviderSettings } from '@mantine/dates';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { consumeTokenFromUrl } from './api.ts';
import { App } from './App.tsx';
import { createQueryClient } from './data/query-client.ts';
import { theme } from './theme.ts';

// The CSP forbids eval: keep zod (used for form checks with the shared schemas) from even probing for it.
z.config({ jitless: true });
// Forms check input with the contract's schemas: their built-in messages (too long, not a date…) in Chinese too.
z.config(z.locales.zhCN());

// Before any route is read: a start URL's #token=… must never be taken for a route.
consumeTokenFromUrl();

/** Chinese calendar conventions: weeks start on Monday. */
const DATES: DatesProviderSettings = { locale: 'zh-cn', firstDayOfWeek: 1, weekendDays: [0, 6] };

const queryClient = createQueryClient();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <MantineProvider theme={theme} forceColorScheme="light">
          <DatesProvider settings={DATES}>
            <App />
          </DatesProvider>
        </MantineProvider>
      </QueryClientProvider>
    </StrictMode>,
  );
}
