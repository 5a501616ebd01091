/**
 * OData query options and annotations, as far as the profile family needs them: `$top`, `$skip`
 * (with `@odata.nextLink`), `$count`, `$filter` (`eq`, joined by `and`), `$orderby` and `$select`.
 * Anything else that starts with `$` is refused with a 400 naming it, as Graph does; other
 * query parameters are ignored, as Graph does. On beta (the only version these routes answer)
 * the `$` is optional: `top=5` is `$top=5` (Microsoft Graph "Use query parameters": "On the beta
 * endpoint, the $ prefix is optional").
 */
import { badRequest } from './errors';

/** When a client gives no `$top`, a page holds at most this many items: real clients must follow nextLink. */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_TOP = 999;

export type FilterClause = { field: string; value: string };
export type OrderBy = { field: string; descending: boolean };

export type CollectionQuery = {
  top?: number;
  skip: number;
  count: boolean;
  filter: FilterClause[];
  orderBy?: OrderBy;
  select?: string[];
};

export type QueryRules = {
  /** The `$` options this resource accepts. */
  options: readonly string[];
  /** Filterable properties, each with its allowed values (undefined: any string). */
  filterable?: Record<string, readonly string[] | undefined>;
  orderable?: readonly string[];
  selectable?: readonly string[];
};

function canonicalName(name: string, known: readonly string[] | undefined, option: string): string {
  const match = known?.find((k) => k.toLowerCase() === name.toLowerCase());
  if (!match) {
    throw badRequest(
      `Could not find a property named '${name}' that ${option} supports on this resource. Supported: ${known?.join(', ') || 'none'}.`,
      option,
    );
  }
  return match;
}

function parseInteger(option: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw.trim())) {
    throw badRequest(`Invalid value '${raw}' for query option ${option}: it must be a whole number.`, option);
  }
  const value = Number(raw);
  if (value < min || value > max) {
    throw badRequest(
      `Invalid value '${raw}' for query option ${option}: it must be between ${min} and ${max}.`,
      option,
    );
  }
  return value;
}

/** `displayName eq 'Fall roster' and state eq 'provisioned'`. String literals escape `'` as `''`. */
export function parseFilter(
  raw: string,
  filterable: Record<string, readonly string[] | undefined>,
): FilterClause[] {
  const clauses: FilterClause[] = [];
  let rest = raw.trim();
  if (rest === '') throw badRequest('The query option $filter is empty.', '$filter');
  for (;;) {
    const clause = /^([A-Za-z][A-Za-z0-9_]*)\s+([A-Za-z]+)\s+'((?:[^']|'')*)'/.exec(rest);
    if (!clause) {
      throw badRequest(
        `Invalid $filter clause near '${rest}'. Use property eq 'value', joined with and (for example displayName eq 'Fall roster').`,
        '$filter',
      );
    }
    const [whole, name, operator, literal] = clause as unknown as [string, string, string, string];
    if (operator.toLowerCase() !== 'eq') {
      throw badRequest(`The $filter operator '${operator}' is not supported here: only eq is.`, '$filter');
    }
    const field = canonicalName(name, Object.keys(filterable), '$filter');
    const value = literal.replaceAll("''", "'");
    const allowed = filterable[field];
    if (allowed && !allowed.includes(value)) {
      throw badRequest(
        `Invalid $filter value '${value}' for ${field}: it must be one of ${allowed.join(', ')}.`,
        '$filter',
      );
    }
    clauses.push({ field, value });
    rest = rest.slice(whole.length).trim();
    if (rest === '') return clauses;
    const joiner = /^([A-Za-z]+)\s+/.exec(rest);
    if (!joiner || joiner[1]!.toLowerCase() !== 'and') {
      throw badRequest(`Invalid $filter near '${rest}': clauses can only be joined with and.`, '$filter');
    }
    rest = rest.slice(joiner[0].length);
  }
}

/** OData's system query options: the names that mean `$name` on beta when written without `$`. */
const systemQueryOptions = [
  '$top',
  '$skip',
  '$count',
  '$filter',
  '$orderby',
  '$select',
  '$expand',
  '$search',
  '$format',
  '$skiptoken',
  '$deltatoken',
  '$apply',
  '$compute',
  '$levels',
  '$index',
  '$schemaversion',
];

/** `$top`, `top`, `TOP` → `$top`; a parameter that is not a system query option → undefined. */
export function systemOptionName(rawName: string): string | undefined {
  const name = rawName.toLowerCase();
  if (name.startsWith('$')) return name;
  return systemQueryOptions.includes(`$${name}`) ? `$${name}` : undefined;
}

export function parseQuery(params: URLSearchParams, rules: QueryRules): CollectionQuery {
  const seen = new Set<string>();
  const query: CollectionQuery = { skip: 0, count: false, filter: [] };
  for (const [rawName, value] of params) {
    const name = systemOptionName(rawName);
    if (name === undefined) continue;
    if (seen.has(name)) {
      throw badRequest(`The query option ${name} is given more than once (with or without $).`, rawName);
    }
    seen.add(name);
    if (!rules.options.includes(name)) {
      throw badRequest(
        `The query option ${rawName} is not supported on this resource.${rules.options.length ? ` Supported: ${rules.options.join(', ')}.` : ''}`,
        rawName,
      );
    }
    switch (name) {
      case '$top':
        query.top = parseInteger('$top', value, 1, MAX_TOP);
        break;
      case '$skip':
        query.skip = parseInteger('$skip', value, 0, Number.MAX_SAFE_INTEGER);
        break;
      case '$count':
        if (value !== 'true' && value !== 'false') {
          throw badRequest(
            `Invalid value '${value}' for query option $count: it must be true or false.`,
            '$count',
          );
        }
        query.count = value === 'true';
        break;
      case '$filter':
        query.filter = parseFilter(value, rules.filterable ?? {});
        break;
      case '$orderby': {
        const match = /^\s*([A-Za-z][A-Za-z0-9_]*)(?:\s+(asc|desc))?\s*$/i.exec(value);
        if (!match) {
          throw badRequest(
            `Invalid value '${value}' for query option $orderby: use one property, optionally followed by asc or desc.`,
            '$orderby',
          );
        }
        query.orderBy = {
          field: canonicalName(match[1]!, rules.orderable, '$orderby'),
          descending: match[2]?.toLowerCase() === 'desc',
        };
        break;
      }
      case '$select': {
        const names = value.split(',').map((n) => n.trim());
        if (names.some((n) => n === '')) {
          throw badRequest(
            `Invalid value '${value}' for query option $select: it lists an empty property name.`,
            '$select',
          );
        }
        query.select = [...new Set(names.map((n) => canonicalName(n, rules.selectable, '$select')))];
        break;
      }
    }
  }
  return query;
}

export type Page<T> = { items: T[]; total: number; nextSkip?: number };

/** One page: `$top` items (or DEFAULT_PAGE_SIZE) after `$skip`, and where the next page starts. */
export function page<T>(all: T[], query: CollectionQuery): Page<T> {
  const size = query.top ?? DEFAULT_PAGE_SIZE;
  const items = all.slice(query.skip, query.skip + size);
  const next = query.skip + size;
  return { items, total: all.length, ...(next < all.length ? { nextSkip: next } : {}) };
}

/**
 * The same request's URL with `$skip` moved on: what `@odata.nextLink` holds. Built from the raw
 * query string so that the client's own encoding of the other options comes back unchanged.
 */
export function nextLink(resourceUrl: string, search: string, nextSkip: number): string {
  const kept = search
    .replace(/^\?/, '')
    .split('&')
    .filter((part) => part !== '' && !/^(\$|%24)?skip=/i.test(part));
  return `${resourceUrl}?${[...kept, `$skip=${nextSkip}`].join('&')}`;
}

/** Whether the Prefer header(s) ask for a preference (comma-separated, case-insensitive). */
export function prefers(header: string | undefined, preference: string): boolean {
  if (!header) return false;
  return header
    .split(',')
    .map((p) => p.trim().split(/[=;]/)[0]!.trim().toLowerCase())
    .includes(preference.toLowerCase());
}
