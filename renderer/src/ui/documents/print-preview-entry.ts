import { createElement, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// Same bundled fonts as the app (main.tsx), so the preview prints as the counter would.
import '@fontsource/noto-sans-sc/400.css';
import '@fontsource/noto-sans-sc/700.css';
import { PrintPreview } from './PrintPreview';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from print-preview.html');
createRoot(root).render(createElement(StrictMode, null, createElement(PrintPreview, { search: window.location.search })));
