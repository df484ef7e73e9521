// The search/filter expression parser and evaluator on their own, as tables.
import { describe, expect, it } from 'vitest';
import { checkExpression, ExpressionError, matches, parseExpression } from '../../../src/demo/okta/expression.js';

const jane = {
  id: '00u1',
  status: 'ACTIVE',
  lastUpdated: '2026-01-02T00:00:00.000Z',
  profile: { firstName: 'Jane', lastName: 'Smith', email: 'jane.smith@acme.example', department: 'Sales', secondEmail: null },
  objectClass: ['okta:user_group', 'okta:other'],
  target: [{ id: '00g1', type: 'UserGroup' }, { id: '00u9', type: 'User' }],
};

describe('parseExpression', () => {
  it.each([
    ['status eq "ACTIVE"', { kind: 'compare', attribute: 'status', operator: 'eq', value: 'ACTIVE' }],
    ['profile.email SW "jane"', { kind: 'compare', attribute: 'profile.email', operator: 'sw', value: 'jane' }],
    ['profile.nickName pr', { kind: 'present', attribute: 'profile.nickName' }],
    ['profile.title eq "say \\"hi\\" \\\\ now"', { kind: 'compare', attribute: 'profile.title', operator: 'eq', value: 'say "hi" \\ now' }],
    ['profile.count gt 3', { kind: 'compare', attribute: 'profile.count', operator: 'gt', value: 3 }],
    ['profile.flag eq true', { kind: 'compare', attribute: 'profile.flag', operator: 'eq', value: true }],
    ['profile.secondEmail eq null', { kind: 'compare', attribute: 'profile.secondEmail', operator: 'eq', value: null }],
  ])('parses %s', (text, expected) => {
    expect(parseExpression(text)).toEqual(expected);
  });

  it('binds "and" tighter than "or", like SCIM', () => {
    const tree = parseExpression('id eq "a" or id eq "b" AND status eq "ACTIVE"');
    expect(tree).toMatchObject({ kind: 'or', right: { kind: 'and' } });
  });

  it('lets parentheses override precedence', () => {
    const tree = parseExpression('(id eq "a" or id eq "b") and status eq "ACTIVE"');
    expect(tree).toMatchObject({ kind: 'and', left: { kind: 'or' } });
  });

  it.each([
    ['', 'empty expression'],
    ['status', 'expected an operator'],
    ['status eq', 'expected a value'],
    ['status ne "ACTIVE"', 'unsupported operator ne'],
    ['status eq ACTIVE', 'invalid value ACTIVE'],
    ['status eq "ACTIVE', 'unterminated string'],
    ['(status eq "ACTIVE"', 'expected ")"'],
    ['status eq "ACTIVE")', 'unexpected )'],
    ['status eq "A" status eq "B"', 'unexpected status'],
    ['"status" eq "A"', 'expected an attribute'],
    ['not status eq "A"', 'unsupported operator status'],
  ])('rejects %j (%s)', (text, message) => {
    expect(() => parseExpression(text)).toThrow(ExpressionError);
    expect(() => parseExpression(text)).toThrow(message);
  });
});

describe('matches', () => {
  it.each([
    ['status eq "ACTIVE"', true],
    ['status eq "active"', false],
    ['profile.firstName sw "Ja"', true],
    ['profile.email co "smith@"', true],
    ['profile.department eq "Sales" and status eq "SUSPENDED"', false],
    ['profile.department eq "Engineering" or status eq "ACTIVE"', true],
    ['(profile.lastName eq "Nope" or profile.lastName eq "Smith") and id eq "00u1"', true],
    ['lastUpdated gt "2026-01-01T00:00:00.000Z"', true],
    ['lastUpdated lt "2026-01-01T00:00:00.000Z"', false],
    ['profile.department pr', true],
    ['profile.secondEmail pr', false],
    ['profile.missing pr', false],
    ['profile.secondEmail eq null', true],
    ['objectClass eq "okta:other"', true],
    ['target.id eq "00u9"', true],
    ['target.id eq "00u1"', false],
  ])('%s -> %s (case-sensitive)', (text, expected) => {
    expect(matches(parseExpression(text), jane, { caseInsensitive: false })).toBe(expected);
  });

  it.each([
    ['status eq "active"', true],
    ['profile.email eq "JANE.SMITH@ACME.EXAMPLE"', true],
    ['profile.firstName sw "ja"', true],
  ])('%s -> %s when values are case-insensitive (search)', (text, expected) => {
    expect(matches(parseExpression(text), jane, { caseInsensitive: true })).toBe(expected);
  });
});

describe('checkExpression', () => {
  const eqOnly = (_attribute: string, operator: string) => operator === 'eq';

  it('accepts a tree that uses only allowed operators', () => {
    expect(() => checkExpression(parseExpression('status eq "A" or (id eq "b" and id eq "c")'), eqOnly)).not.toThrow();
  });

  it('names the first disallowed operator and attribute, however deep', () => {
    expect(() => checkExpression(parseExpression('status eq "A" or (id eq "b" and profile.x sw "c")'), eqOnly)).toThrow(
      'sw is not supported on profile.x',
    );
  });
});
