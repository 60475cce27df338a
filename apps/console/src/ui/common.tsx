import { useEffect, useState, type ButtonHTMLAttributes, type Dispatch, type ReactNode, type SetStateAction } from 'react';
import { formatDateTime, timeLeft } from '../app/format';

/** Buttons are real <button>s (keyboard, focus ring); `variant` picks the colour. */
export function Button({ variant = 'secondary', busy, children, ...rest }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: 'primary' | 'secondary' | 'danger' | 'link'; busy?: boolean }) {
  return (
    <button type="button" {...rest} className={`btn btn-${variant}${rest.className ? ` ${rest.className}` : ''}`} disabled={busy || rest.disabled} aria-busy={busy || undefined}>
      {children}
    </button>
  );
}

export function PageHeader({ title, actions, children }: { title: string; actions?: ReactNode; children?: ReactNode }) {
  useTitle(title);
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        {children}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </div>
  );
}

export function Loading({ label = '正在加载…' }: { label?: string }) {
  return (
    <p className="loading" role="status">
      {label}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

/** A status as a coloured pill; `tone` from the page's own mapping. */
export function Badge({ tone = 'neutral', children }: { tone?: 'neutral' | 'info' | 'success' | 'warning' | 'danger'; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

/**
 * A deadline the API returned (e.g. settleBy, Deadline.dueAt) with the time left: highlighted
 * when at most a day is left, marked when overdue. `done` shows the date alone; `provisional`
 * marks a date the API could only estimate (暂定).
 */
export function DeadlineBadge({ deadline, done, now, provisional }: { deadline: string; done?: boolean; now?: Date; provisional?: boolean }) {
  const when = formatDateTime(deadline);
  // A date counted into a year whose holidays are not yet published (the API marks it).
  const mark = provisional ? (
    <>
      {' '}
      <Badge tone="warning">暂定</Badge>
    </>
  ) : null;
  if (done)
    return (
      <span className="deadline">
        {when}
        {mark}
      </span>
    );
  const left = timeLeft(deadline, now);
  return (
    <span className={`deadline deadline-${left.urgency}`} data-urgency={left.urgency}>
      <span>{when}</span>{' '}
      <strong className="deadline-left">
        {left.urgency === 'overdue' ? '⚠ ' : ''}
        {left.text}
      </strong>
      {mark}
    </span>
  );
}

/** Label/value pairs (detail views). */
export function Details({ items }: { items: [ReactNode, ReactNode][] }) {
  return (
    <dl className="details">
      {items.map(([k, v], i) => (
        <div key={i}>
          <dt>{k}</dt>
          <dd>{v === null || v === undefined || v === '' ? '—' : v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The current time, refreshed every `everyMs` (time-left displays stay current). */
export function useNow(everyMs = 60_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

/** Sets document.title while a page is shown. */
export function useTitle(title: string): void {
  useEffect(() => {
    const before = document.title;
    document.title = `${title} · 12315 维权服务站网络`;
    return () => {
      document.title = before;
    };
  }, [title]);
}

/**
 * Previous / next over keyset pages: `cursors` holds the `after` of every page read so far (the
 * first page's is null), so going back needs no cursor of its own.
 */
export function CursorPager({ cursors, setCursors, pageInfo }: { cursors: readonly (string | null)[]; setCursors: Dispatch<SetStateAction<(string | null)[]>>; pageInfo: { hasNextPage: boolean; endCursor?: string | null } }) {
  return (
    <div className="pager">
      <Button disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
        上一页
      </Button>
      <Button disabled={!pageInfo.hasNextPage} onClick={() => setCursors((c) => [...c, pageInfo.endCursor ?? null])}>
        下一页
      </Button>
    </div>
  );
}
