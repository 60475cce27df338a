import { createBrowserRouter, Navigate, useLocation, type RouteObject } from 'react-router';
import type { Role } from '../gql/enums';
import SignInPage from '../pages/sign-in-page';
import { sectionsFor } from '../routes';
import { Loading } from '../ui/common';
import { HomeRedirect, NotFound, Shell } from './shell';

function ToSignIn() {
  const { pathname, search } = useLocation();
  const next = pathname === '/' ? '' : `?next=${encodeURIComponent(pathname + search)}`;
  return <Navigate to={`/sign-in${next}`} replace />;
}

/**
 * The router of one session: signed out, every URL leads to the sign-in page; signed in, the
 * shell with only the sections the roles may use (another section's URL is "not found").
 */
export function buildRoutes(roles: readonly Role[] | null): RouteObject[] {
  if (!roles) {
    return [
      { path: '/sign-in', Component: SignInPage },
      { path: '*', Component: ToSignIn },
    ];
  }
  return [
    { path: '/sign-in', Component: SignInPage },
    {
      path: '/',
      Component: Shell,
      // Shown while the first page's chunk loads.
      HydrateFallback: () => <Loading />,
      children: [
        { index: true, Component: HomeRedirect },
        ...sectionsFor(roles).map((s) => ({ path: s.path, children: s.routes })),
        { path: '*', Component: NotFound },
      ],
    },
  ];
}

export function buildRouter(roles: readonly Role[] | null) {
  return createBrowserRouter(buildRoutes(roles));
}
