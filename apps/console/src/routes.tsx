import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import type { Role } from './gql/enums';

/**
 * The console's sections: one entry per nav item. A section is reachable only by the roles
 * listed (the router of a session contains only that session's sections; any other URL is
 * "not found"), and its pages are separate chunks loaded on first visit (`page()`).
 *
 * To add a page: write `pages/<section>/<name>-page.tsx` with a default-exported component and
 * add a child route below (paths relative to the section). To add a section: append an entry.
 * Roles follow shared/api/permissions.md.
 */
export interface Section {
  /** URL segment, e.g. 'counter' → /counter */
  path: string;
  /** Nav label */
  label: string;
  /** Roles that see the section in the nav and may open its routes */
  roles: Role[];
  /** Child routes, relative to the section; the index route is the section's landing page */
  routes: RouteObject[];
}

/** A lazily loaded page: the module's default export is the route's component. */
export function page(load: () => Promise<{ default: ComponentType }>): RouteObject['lazy'] {
  return async () => ({ Component: (await load()).default });
}

export const SECTIONS: Section[] = [
  {
    path: 'counter',
    label: '柜台',
    roles: ['STATION_STAFF'],
    routes: [
      { index: true, lazy: page(() => import('./pages/counter/disputes-page')) },
      { path: 'new', lazy: page(() => import('./pages/counter/open-dispute-page')) },
      { path: ':id', lazy: page(() => import('./pages/counter/dispute-page')) },
      { path: ':id/print/:form', lazy: page(() => import('./pages/counter/print-page')) },
    ],
  },
  {
    path: 'stations',
    label: '站点',
    // register/approve/suspend/revoke: OFFICER in scope, TENANT_ADMIN
    roles: ['OFFICER', 'TENANT_ADMIN'],
    routes: [
      { index: true, lazy: page(() => import('./pages/stations/directory-page')) },
      { path: 'new', lazy: page(() => import('./pages/stations/register-station-page')) },
      { path: 'import', lazy: page(() => import('./pages/stations/import-page')) },
      { path: 'rectifications', lazy: page(() => import('./pages/stations/rectifications-page')) },
      { path: ':id', lazy: page(() => import('./pages/stations/station-page')) },
      { path: ':id/inspect', lazy: page(() => import('./pages/stations/inspect-page')) },
    ],
  },
  {
    path: 'center',
    label: '12315中心',
    // the queue and every case action: CENTER_OPERATOR; returnCase/closeCase of assigned cases: OFFICER
    roles: ['CENTER_OPERATOR', 'OFFICER'],
    routes: [
      { index: true, lazy: page(() => import('./pages/center/queue-page')) },
      { path: 'new', lazy: page(() => import('./pages/center/register-case-page')) },
      { path: 'callbacks', lazy: page(() => import('./pages/center/callbacks-page')) },
      { path: ':id', lazy: page(() => import('./pages/center/case-page')) },
    ],
  },
  {
    path: 'evaluation',
    label: '示范站评选',
    // scoring: EVALUATOR; rounds, reviews, selection, spot checks, titles: OFFICER, TENANT_ADMIN
    roles: ['EVALUATOR', 'OFFICER', 'TENANT_ADMIN'],
    routes: [
      { index: true, lazy: page(() => import('./pages/evaluation/rounds-page')) },
      { path: 'rounds/:id', lazy: page(() => import('./pages/evaluation/round-page')) },
      { path: 'applications/:id', lazy: page(() => import('./pages/evaluation/application-page')) },
      { path: 'applications/:id/score', lazy: page(() => import('./pages/evaluation/score-page')) },
      { path: 'titles', lazy: page(() => import('./pages/evaluation/titles-page')) },
    ],
  },
  {
    path: 'statistics',
    label: '统计',
    // statistics is open to every signed-in user (limited to scope); the console offers it to
    // those who report figures
    roles: ['OFFICER', 'CENTER_OPERATOR', 'TENANT_ADMIN'],
    routes: [{ index: true, lazy: page(() => import('./pages/statistics/statistics-page')) }],
  },
  {
    path: 'admin',
    label: '用户',
    // users, createUser, updateUser, disableUser, enableUser, resetUserPassword: TENANT_ADMIN
    roles: ['TENANT_ADMIN'],
    routes: [{ index: true, lazy: page(() => import('./pages/admin/users-page')) }],
  },
];

export function sectionsFor(roles: readonly Role[]): Section[] {
  return SECTIONS.filter((s) => s.roles.some((r) => roles.includes(r)));
}
