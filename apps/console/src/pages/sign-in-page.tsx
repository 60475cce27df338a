import { useState } from 'react';
import type { CombinedError } from 'urql';
import { Navigate, useSearchParams } from 'react-router';
import { useClient, useMutation } from 'urql';
import { LoginMutation, MeQuery, useSession } from '../app/session';
import { Button } from '../ui/common';
import { Form, TextField, optional, useFormValues } from '../ui/form';

const TENANT_CODE_KEY = 'sn.tenantCode';

/** Sign-in: tenant code (blank for the platform administrator), username, password. */
export default function SignInPage() {
  const { session, signIn } = useSession();
  const [params] = useSearchParams();
  // The tenant code is not secret: remembered on this computer so the counter types it once.
  const [rememberedCode] = useState(() => localStorage.getItem(TENANT_CODE_KEY) ?? '');
  const { values, bind } = useFormValues({ tenantCode: rememberedCode, username: '', password: '' });
  const [result, login] = useMutation(LoginMutation);
  const client = useClient();
  const [meError, setMeError] = useState<CombinedError | null>(null);
  if (session) {
    const next = params.get('next');
    return <Navigate to={next && next.startsWith('/') && !next.startsWith('//') ? next : '/'} replace />;
  }
  const submit = async () => {
    const code = optional(values.tenantCode);
    const res = await login({ input: { tenantCode: code, username: values.username.trim(), password: values.password } });
    if (!res.data) return;
    const { accessToken, expiresAt } = res.data.login;
    // login answers before a tenant context exists (no station or unit); `me` has them.
    const me = await client
      .query(MeQuery, {}, { requestPolicy: 'network-only', fetchOptions: { headers: { authorization: `Bearer ${accessToken}` } } })
      .toPromise();
    setMeError(me.error ?? null);
    if (!me.data) return;
    if (code) localStorage.setItem(TENANT_CODE_KEY, code);
    else localStorage.removeItem(TENANT_CODE_KEY);
    signIn({ token: accessToken, expiresAt, tenantCode: code, user: me.data.me });
  };
  return (
    <main className="sign-in" id="main">
      <div className="sign-in-card">
        <h1>12315 维权服务站网络</h1>
        <p className="sign-in-sub">消费维权服务站 · 执法人员 · 12315 中心 · 示范站评选</p>
        <Form error={result.error ?? meError} onSubmit={submit} aria-label="登录">
          <TextField name="tenantCode" label="租户代码" hint="平台管理员不填" autoComplete="organization" autoFocus={!rememberedCode} {...bind('tenantCode')} />
          <TextField name="username" label="用户名" required autoComplete="username" autoFocus={!!rememberedCode} {...bind('username')} />
          <TextField name="password" label="密码" type="password" required autoComplete="current-password" {...bind('password')} />
          <Button type="submit" variant="primary" busy={result.fetching}>
            登录
          </Button>
        </Form>
      </div>
    </main>
  );
}
