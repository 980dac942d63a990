import { escapeLiteral } from 'pg';
import { SqlFragment, inlineParameters, quoteLiteral } from './inline-parameters';

describe('inlineParameters', () => {
  it('writes each kind of value as its literal, by placeholder number ($1 is not $10)', () => {
    const values = [1, 'o\'k\\', null, 12n, true, ['a"b', 'c\\d', null, 3], new SqlFragment('(SELECT 7)'), false, undefined, -2.5];
    // Strings with a backslash become E'…' strings (escapeLiteral); in the array literal, quotes and backslashes are escaped first.
    expect(inlineParameters('SELECT $1, $2, $3, $4, $5, $6::text[], $7, $8, $9, $10, $1', values)).toBe(
      String.raw`SELECT 1,  E'o''k\\', NULL, 12, TRUE,  E'{"a\\"b","c\\\\d",NULL,"3"}'::text[], (SELECT 7), FALSE, NULL, -2.5, 1`,
    );
  });

  it('refuses what it cannot write safely', () => {
    expect(() => inlineParameters('SELECT $2', [1])).toThrow('$2 has no value');
    expect(() => inlineParameters('SELECT $1', [Number.NaN])).toThrow('not a finite number');
    expect(() => inlineParameters('SELECT $1', [{ a: 1 }])).toThrow('cannot write a object');
    expect(() => inlineParameters('SELECT $1', [[{ a: 1 }]])).toThrow('in an array literal');
  });
});

describe('quoteLiteral', () => {
  it("writes what pg's escapeLiteral writes", () => {
    for (const text of ['', 'plain', "it's", 'back\\slash', "both ' and \\ and '' \\\\", '中文：合计 302.20', '{"a":"b\\"c"}']) {
      expect(quoteLiteral(text)).toBe(escapeLiteral(text));
    }
  });
});
