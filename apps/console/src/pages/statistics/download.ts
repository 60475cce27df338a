import type { ApiError } from '../../app/errors';
import { NETWORK_ERROR_MESSAGE } from '../../app/errors';

/** The file name a Content-Disposition header gives, preferring the UTF-8 (Chinese) one. */
export function filenameOf(disposition: string | null): string | null {
  if (!disposition) return null;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      // fall through to the plain name
    }
  }
  return /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? null;
}

/**
 * Downloads an export of the API (`/exports/...`): the routes need the bearer token, so the
 * file is fetched and saved from a blob. A refusal (`{ code, field, message }` with 400–404)
 * is thrown as an ApiError.
 */
export async function downloadExport(path: string, params: Record<string, string | null | undefined>, token: string, fallbackName: string): Promise<string> {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) query.set(k, v);
  let res: Response;
  try {
    res = await fetch(`${path}?${query}`, { headers: { authorization: `Bearer ${token}` } });
  } catch {
    throw { message: NETWORK_ERROR_MESSAGE, code: 'NETWORK_ERROR' } satisfies ApiError;
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { code?: string; field?: string | null; message?: string } | null;
    throw { message: body?.message ?? `导出失败（HTTP ${res.status}）`, code: body?.code ?? `HTTP_${res.status}`, field: body?.field ?? undefined } satisfies ApiError;
  }
  const blob = await res.blob();
  const name = filenameOf(res.headers.get('content-disposition')) ?? fallbackName;
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The download has started from the click; the blob URL is only needed until then.
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
  return name;
}
