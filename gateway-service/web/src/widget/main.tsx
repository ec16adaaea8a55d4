import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { WidgetApp } from './WidgetApp';
import '../styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <WidgetApp siteId={new URLSearchParams(location.search).get('site') ?? ''} />
  </StrictMode>,
);
