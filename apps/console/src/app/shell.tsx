import { Navigate, NavLink, Outlet, useNavigation } from 'react-router';
import { ROLE_LABELS } from './labels';
import { sectionsFor } from '../routes';
import { useSession, useSignedIn } from './session';
import { Button } from '../ui/common';
import { CalendarNotice } from './calendar-notice';

/** Header (user, roles, tenant, sign-out), the role's nav, and the page. */
export function Shell() {
  const session = useSignedIn();
  const { signOut } = useSession();
  const navigation = useNavigation();
  const { user } = session;
  const sections = sectionsFor(user.roles);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        跳到主要内容
      </a>
      <header className="app-header">
        <div className="brand">12315 维权服务站网络</div>
        <div className="who" aria-label="当前用户">
          <span className="who-name">
            {user.displayName}
            {user.displayName !== user.username ? <span className="who-username">（{user.username}）</span> : null}
          </span>
          <span className="who-roles">{user.roles.map((r) => ROLE_LABELS[r]).join('、')}</span>
          <span className="who-unit">
            {session.tenantCode ? <>租户 {session.tenantCode}</> : '平台'}
            {user.station ? ` · ${user.station.name}` : user.orgUnit ? ` · ${user.orgUnit.name}` : ''}
          </span>
          <Button variant="secondary" onClick={signOut}>
            退出登录
          </Button>
        </div>
      </header>
      <nav className="app-nav" aria-label="栏目">
        <ul>
          {sections.map((s) => (
            <li key={s.path}>
              <NavLink to={`/${s.path}`}>{s.label}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="app-main" tabIndex={-1} aria-busy={navigation.state === 'loading'}>
        {navigation.state === 'loading' ? <div className="route-progress" role="status" aria-label="正在加载" /> : null}
        <CalendarNotice />
        <Outlet />
      </main>
    </div>
  );
}

/** `/`: the first section of the role; a role without sections gets an explanation. */
export function HomeRedirect() {
  const { user } = useSignedIn();
  const first = sectionsFor(user.roles)[0];
  if (first) return <Navigate to={`/${first.path}`} replace />;
  return (
    <section>
      <h1>欢迎</h1>
      <p>
        您的角色（{user.roles.map((r) => ROLE_LABELS[r]).join('、')}）在控制台中没有可用的栏目。
        {user.roles.includes('PLATFORM_ADMIN') ? '平台管理员通过 API 创建租户（createTenant）。' : '租户管理员通过 API 管理组织机构、用户、日历和时限规则。'}
      </p>
    </section>
  );
}

export function NotFound() {
  return (
    <section>
      <h1>页面不存在</h1>
      <p>该页面不存在，或您的角色无权使用。</p>
      <NavLink to="/">返回首页</NavLink>
    </section>
  );
}
