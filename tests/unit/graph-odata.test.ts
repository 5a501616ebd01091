/** OData query options of the profile family: what is accepted, and 400s that name the option. */
import { describe, expect, it } from 'vitest';
import { GraphHttpError } from '../../emulator/graph/errors';
import {
  nextLink,
  page,
  parseFilter,
  parseQuery,
  prefers,
  type QueryRules,
} from '../../emulator/graph/odata';

const rules: QueryRules = {
  options: ['$top', '$skip', '$count', '$filter', '$orderby', '$select'],
  filterable: { displayName: undefined, state: ['provisioned', 'provisioning'] },
  orderable: ['displayName'],
  selectable: ['id', 'displayName', 'state'],
};

function refusal(run: () => unknown): { status: number; target?: string; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof GraphHttpError)
      return { status: error.status, target: error.target, message: error.message };
    throw error;
  }
  throw new Error('expected a GraphHttpError');
}

const q = (search: string) => parseQuery(new URLSearchParams(search), rules);

describe('parseQuery', () => {
  it('reads every supported option', () => {
    expect(
      q(
        "$top=5&$skip=10&$count=true&$filter=state eq 'provisioned'&$orderby=displayName desc&$select=displayName,ID",
      ),
    ).toEqual({
      top: 5,
      skip: 10,
      count: true,
      filter: [{ field: 'state', value: 'provisioned' }],
      orderBy: { field: 'displayName', descending: true },
      select: ['displayName', 'id'],
    });
  });

  it('ignores parameters that are not system query options, as Graph does', () => {
    expect(q('foo=bar&topic=x')).toEqual({ skip: 0, count: false, filter: [] });
  });

  it('reads system query options without $, as Graph beta documents ("the $ prefix is optional")', () => {
    expect(q("top=5&Skip=10&count=true&filter=state eq 'provisioned'&orderby=displayName&select=id")).toEqual(
      q("$top=5&$skip=10&$count=true&$filter=state eq 'provisioned'&$orderby=displayName&$select=id"),
    );
    expect(refusal(() => q('top=1&$top=2')).message).toMatch(
      /\$top is given more than once \(with or without \$\)/,
    );
    expect(refusal(() => q('expand=errors'))).toMatchObject({ status: 400, target: 'expand' });
    expect(nextLink('https://g/beta/x', '?top=5&skip=5', 10)).toBe('https://g/beta/x?top=5&$skip=10');
  });

  it.each([
    ['$top=0', '$top', /between 1 and 999/],
    ['$top=abc', '$top', /whole number/],
    ['$top=1000', '$top', /between 1 and 999/],
    ['$skip=-1', '$skip', /whole number/],
    ['$count=yes', '$count', /true or false/],
    ['$orderby=state', '$orderby', /property named 'state'/],
    ['$orderby=displayName sideways', '$orderby', /asc or desc/],
    ['$select=secret', '$select', /property named 'secret'/],
    ['$expand=errors', '$expand', /not supported on this resource/],
    ['$search=x', '$search', /not supported/],
    ['$top=1&$top=2', '$top', /more than once/],
    ["$filter=displayName ne 'x'", '$filter', /operator 'ne'/],
    ["$filter=state eq 'sleeping'", '$filter', /must be one of provisioned, provisioning/],
    ["$filter=color eq 'red'", '$filter', /property named 'color'/],
    ["$filter=displayName eq 'a' or state eq 'provisioned'", '$filter', /joined with and/],
    ['$filter=displayName eq x', '$filter', /Invalid \$filter clause/],
  ])('refuses %s with a 400 naming %s', (search, option, message) => {
    const error = refusal(() => q(search));
    expect(error).toMatchObject({ status: 400, target: option });
    expect(error.message).toMatch(message);
  });
});

describe('parseFilter', () => {
  it("joins clauses with and, and unescapes ''", () => {
    expect(
      parseFilter("displayName eq 'Margie''s roster' and state eq 'provisioning'", rules.filterable!),
    ).toEqual([
      { field: 'displayName', value: "Margie's roster" },
      { field: 'state', value: 'provisioning' },
    ]);
  });
});

describe('paging', () => {
  const items = Array.from({ length: 45 }, (_, i) => i);

  it('serves 20 per page when no $top is given', () => {
    expect(page(items, { skip: 0, count: false, filter: [] })).toEqual({
      items: items.slice(0, 20),
      total: 45,
      nextSkip: 20,
    });
    expect(page(items, { skip: 40, count: false, filter: [] })).toEqual({
      items: items.slice(40),
      total: 45,
    });
  });

  it('keeps the other options in nextLink and moves $skip', () => {
    expect(nextLink('https://g/beta/x', '?$top=5&$skip=5&$filter=state%20eq%20%27provisioned%27', 10)).toBe(
      'https://g/beta/x?$top=5&$filter=state%20eq%20%27provisioned%27&$skip=10',
    );
  });
});

describe('prefers', () => {
  it('finds a preference among several, in any case', () => {
    expect(
      prefers('odata.maxpagesize=10, Include-Unknown-Enum-Members', 'include-unknown-enum-members'),
    ).toBe(true);
    expect(prefers('return=minimal', 'include-unknown-enum-members')).toBe(false);
    expect(prefers(undefined, 'include-unknown-enum-members')).toBe(false);
  });
});
