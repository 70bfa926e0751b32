import '@mantine/core/styles.css';
import './styles.css';
import { MantineProvider } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { consumeTokenFromUrl } from './api.ts';
import { App } from './App.tsx';
import { theme } from './theme.ts';

// The CSP forbids eval: keep zod (used for form checks with the shared schemas) from even probing for it.
z.config({ jitless: true });

// Before any route is read: a start URL's #token=… must never be taken for a route.
consumeTokenFromUrl();

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <MantineProvider theme={theme} forceColorScheme="light">
        <App />
      </MantineProvider>
    </StrictMode>,
  );
}
