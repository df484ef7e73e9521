// What ?search=, ?filter= and ?q= accept on users and groups (per openapi-subset.json), and the
// matching: search values are case-insensitive, filter values case-sensitive, q a name/email prefix.
import { invalidSearch } from './errors.js';
import { checkExpression, ExpressionError, matches, parseExpression, type Operator } from './expression.js';

type Rule = (attribute: string, operator: Operator) => boolean;

const ORDERING: Operator[] = ['eq', 'gt', 'ge', 'lt', 'le'];

/** search: any attribute; `co` only on these four profile names. */
const userSearch: Rule = (attribute, operator) =>
  operator !== 'co' || ['profile.firstName', 'profile.lastName', 'profile.email', 'profile.login'].includes(attribute);

/** filter: a few attributes, only `eq`, plus ordering on lastUpdated. */
const userFilter: Rule = (attribute, operator) =>
  attribute === 'lastUpdated'
    ? ORDERING.includes(operator)
    : operator === 'eq' && ['status', 'id', 'profile.login', 'profile.email', 'profile.firstName', 'profile.lastName'].includes(attribute);

const groupFilter: Rule = (attribute, operator) =>
  ['lastUpdated', 'lastMembershipUpdated'].includes(attribute)
    ? ORDERING.includes(operator)
    : operator === 'eq' && ['id', 'type'].includes(attribute);

const RULES = {
  'users.search': userSearch,
  'users.filter': userFilter,
  'groups.search': () => true,
  'groups.filter': groupFilter,
  /** System Log filter: every operator. */
  'logs.filter': () => true,
} satisfies Record<string, Rule>;

/** A predicate over rendered JSON records; throws 400 E0000031 when the expression is invalid. */
export function expressionFilter(parameter: keyof typeof RULES, text: string): (record: unknown) => boolean {
  try {
    const expression = parseExpression(text);
    checkExpression(expression, RULES[parameter]);
    const caseInsensitive = parameter.endsWith('.search');
    return (record) => matches(expression, record, { caseInsensitive });
  } catch (error) {
    if (error instanceof ExpressionError) throw invalidSearch(`${parameter}: ${error.message}`);
    throw error;
  }
}

/** Okta's `q`: case-insensitive "starts with" on any of the given values. */
export function prefixMatch(q: string, values: Array<string | null>): boolean {
  const prefix = q.toLowerCase();
  return values.some((value) => value?.toLowerCase().startsWith(prefix));
}
