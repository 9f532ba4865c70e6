import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// Bundled so a print looks the same on every workstation, whatever fonts the OS has (信创 Linux often has none).
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
import './app/app.css';
import { App } from './app/App';
import { requestPersistentStorage } from './app/app-db';
import { AppErrorBoundary } from './app/AppErrorBoundary';

requestPersistentStorage();

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
createRoot(root).render(
  <StrictMode>
    <AppErrorBoundary>
      <App />
    </AppErrorBoundary>
  </StrictMode>,
);
