// Cursor pagination with absolute Link headers, as in list-users.paginated.recorded.json:
// `<base/path?limit=1&after=ID>; rel="next"` when more remain, and always a rel="self" link.
import { validationFailed } from './errors.js';

export type Page<T> = { items: T[]; links: string[] };

export type PageOptions = { defaultLimit: number; maxLimit: number; pageable: boolean };

function parseLimit(raw: string | null, options: PageOptions): number {
  const limit = raw === null ? options.defaultLimit : Number(raw);
  if (!Number.isInteger(limit) || limit < 1) throw validationFailed('limit', 'limit must be a positive integer');
  return Math.min(limit, options.maxLimit);
}

export function paginate<T extends { id: string }>(
  all: T[],
  request: { base: string; path: string; query: URLSearchParams },
  options: PageOptions,
): Page<T> {
  const limit = parseLimit(request.query.get('limit'), options);
  const after = options.pageable ? request.query.get('after') : null;
  let start = 0;
  if (after !== null) {
    const index = all.findIndex((item) => item.id === after);
    if (index < 0) throw validationFailed('after', 'after is not a cursor from this list');
    start = index + 1;
  }
  const items = all.slice(start, start + limit);
  const link = (extra: Record<string, string>, rel: string) => {
    const params = new URLSearchParams({ limit: String(limit) });
    for (const [key, value] of request.query) if (key !== 'limit' && key !== 'after') params.append(key, value);
    for (const [key, value] of Object.entries(extra)) params.set(key, value);
    return `<${request.base}${request.path}?${params}>; rel="${rel}"`;
  };
  const links = [link(after === null ? {} : { after }, 'self')];
  if (options.pageable && start + limit < all.length) links.push(link({ after: items.at(-1)!.id }, 'next'));
  return { items, links };
}
