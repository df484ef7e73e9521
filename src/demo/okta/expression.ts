// Okta's `search` / `filter` expression language (SCIM-style): parse to a tree, check which
// attributes and operators a parameter allows, evaluate against a JSON record.
// Grammar: expr := and ('or' and)* ; and := primary ('and' primary)* ;
//          primary := '(' expr ')' | attribute 'pr' | attribute op literal ; op := eq sw co gt ge lt le
// Operators and keywords are case-insensitive, attribute names are case-sensitive.

const COMPARE_OPERATORS = ['eq', 'sw', 'co', 'gt', 'ge', 'lt', 'le'] as const;
export type CompareOperator = (typeof COMPARE_OPERATORS)[number];
export type Operator = CompareOperator | 'pr';
export type Literal = string | number | boolean | null;

export type Expression =
  | { kind: 'and' | 'or'; left: Expression; right: Expression }
  | { kind: 'compare'; attribute: string; operator: CompareOperator; value: Literal }
  | { kind: 'present'; attribute: string };

export class ExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpressionError';
  }
}

type Token = { type: 'word' | 'string' | '(' | ')'; text: string };

const ATTRIBUTE = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const char = input[i]!;
    if (/\s/.test(char)) {
      i += 1;
    } else if (char === '(' || char === ')') {
      tokens.push({ type: char, text: char });
      i += 1;
    } else if (char === '"') {
      let text = '';
      i += 1;
      while (i < input.length && input[i] !== '"') {
        if (input[i] === '\\') i += 1;
        if (i >= input.length) break;
        text += input[i];
        i += 1;
      }
      if (input[i] !== '"') throw new ExpressionError('unterminated string');
      tokens.push({ type: 'string', text });
      i += 1;
    } else {
      const word = /^[^\s()"]+/.exec(input.slice(i))![0];
      tokens.push({ type: 'word', text: word });
      i += word.length;
    }
  }
  return tokens;
}

export function parseExpression(input: string): Expression {
  const tokens = tokenize(input);
  let position = 0;
  const peekKeyword = (keyword: string) => {
    const token = tokens[position];
    return token?.type === 'word' && token.text.toLowerCase() === keyword;
  };
  const next = (what: string): Token => {
    const token = tokens[position];
    if (!token) throw new ExpressionError(`expected ${what} at the end`);
    position += 1;
    return token;
  };

  function literal(): Literal {
    const token = next('a value');
    if (token.type === 'string') return token.text;
    if (token.type === 'word') {
      const lower = token.text.toLowerCase();
      if (lower === 'true' || lower === 'false') return lower === 'true';
      if (lower === 'null') return null;
      if (/^-?\d+(\.\d+)?$/.test(token.text)) return Number(token.text);
    }
    throw new ExpressionError(`invalid value ${token.text}`);
  }

  function primary(): Expression {
    if (tokens[position]?.type === '(') {
      position += 1;
      const inner = or();
      if (next('")"').type !== ')') throw new ExpressionError('expected ")"');
      return inner;
    }
    const attribute = next('an attribute');
    if (attribute.type !== 'word' || !ATTRIBUTE.test(attribute.text)) {
      throw new ExpressionError(`expected an attribute, found ${attribute.text}`);
    }
    const operator = next('an operator').text.toLowerCase();
    if (operator === 'pr') return { kind: 'present', attribute: attribute.text };
    if (!(COMPARE_OPERATORS as readonly string[]).includes(operator)) {
      throw new ExpressionError(`unsupported operator ${operator}`);
    }
    return { kind: 'compare', attribute: attribute.text, operator: operator as CompareOperator, value: literal() };
  }

  function binary(kind: 'and' | 'or', operand: () => Expression): Expression {
    let left = operand();
    while (peekKeyword(kind)) {
      position += 1;
      left = { kind, left, right: operand() };
    }
    return left;
  }
  const and = () => binary('and', primary);
  const or = (): Expression => binary('or', and);

  if (tokens.length === 0) throw new ExpressionError('empty expression');
  const expression = or();
  if (position < tokens.length) throw new ExpressionError(`unexpected ${tokens[position]!.text}`);
  return expression;
}

/** Throws unless every comparison uses an attribute/operator pair the parameter supports. */
export function checkExpression(expression: Expression, allowed: (attribute: string, operator: Operator) => boolean): void {
  switch (expression.kind) {
    case 'and':
    case 'or':
      checkExpression(expression.left, allowed);
      checkExpression(expression.right, allowed);
      return;
    case 'present':
    case 'compare': {
      const operator = expression.kind === 'present' ? 'pr' : expression.operator;
      if (!allowed(expression.attribute, operator)) {
        throw new ExpressionError(`${operator} is not supported on ${expression.attribute}`);
      }
    }
  }
}

/** Values at a dotted path; arrays on the way fan out (SCIM: any element may match). */
function valuesAt(record: unknown, path: string[]): unknown[] {
  if (Array.isArray(record)) return record.flatMap((item) => valuesAt(item, path));
  if (path.length === 0) return [record];
  if (record === null || typeof record !== 'object') return [];
  return valuesAt((record as Record<string, unknown>)[path[0]!], path.slice(1));
}

function compare(actual: unknown, operator: CompareOperator, expected: Literal, caseInsensitive: boolean): boolean {
  if (typeof actual === 'string' && typeof expected === 'string') {
    const [a, b] = caseInsensitive ? [actual.toLowerCase(), expected.toLowerCase()] : [actual, expected];
    switch (operator) {
      case 'eq': return a === b;
      case 'sw': return a.startsWith(b);
      case 'co': return a.includes(b);
      case 'gt': return a > b;
      case 'ge': return a >= b;
      case 'lt': return a < b;
      case 'le': return a <= b;
    }
  }
  if (typeof actual === 'number' && typeof expected === 'number') {
    switch (operator) {
      case 'gt': return actual > expected;
      case 'ge': return actual >= expected;
      case 'lt': return actual < expected;
      case 'le': return actual <= expected;
      default: return operator === 'eq' && actual === expected;
    }
  }
  return operator === 'eq' && actual === expected;
}

export function matches(expression: Expression, record: unknown, options: { caseInsensitive: boolean }): boolean {
  switch (expression.kind) {
    case 'and':
      return matches(expression.left, record, options) && matches(expression.right, record, options);
    case 'or':
      return matches(expression.left, record, options) || matches(expression.right, record, options);
    case 'present':
      return valuesAt(record, expression.attribute.split('.')).some((value) => value !== null && value !== undefined && value !== '');
    case 'compare':
      return valuesAt(record, expression.attribute.split('.')).some((value) =>
        compare(value, expression.operator, expression.value, options.caseInsensitive),
      );
  }
}
