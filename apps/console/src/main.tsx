import { StrictMode, useMemo } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';
import { buildRouter } from './app/router';
import { SessionProvider, useSession } from './app/session';
import './styles.css';

function App() {
  const { session } = useSession();
  const rolesKey = session ? session.user.roles.join(',') : null;
  // A router per session: it contains only the signed-in role's sections.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const router = useMemo(() => buildRouter(session ? session.user.roles : null), [rolesKey]);
  return <RouterProvider router={router} />;
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <SessionProvider>
      <App />
    </SessionProvider>
  </StrictMode>,
);
