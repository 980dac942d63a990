import { Client } from 'pg';
import { SqlFragment } from './inline-parameters';
import { usePreparedStatements } from './prepared-statement';
import { PreparedCall, simpleText } from './simple-prepared';

describe('PreparedCall', () => {
  it('given SQL fragments among the values, when made, then they are written into the text and the other placeholders numbered again', () => {
    const call = new PreparedCall('SELECT $2 FROM t WHERE g = $1 AND a = ANY($3::text[]) AND b = $3[1] AND c = $4', [new SqlFragment('(SELECT 7)'), 'x', ['a'], 5]);
    expect(call.text).toBe('SELECT $1 FROM t WHERE g = (SELECT 7) AND a = ANY($2::text[]) AND b = $2[1] AND c = $3');
    expect(call.values).toEqual(['x', ['a'], 5]);
  });

  it('given a placeholder without a value, when made, then it throws', () => {
    expect(() => new PreparedCall('SELECT $2', [1])).toThrow('$2 has no value');
  });
});

describe('simpleText', () => {
  it('given something that is not one connection (a pool, a double), when rendered, then each call has its values written in', async () => {
    const text = await simpleText({ query: () => undefined }, ['BEGIN', new PreparedCall('SELECT $1::text[], $2', [["it's", 'b'], 3])]);
    expect(text).toBe(`BEGIN;\nSELECT '{"it''s","b"}'::text[], 3`);
  });

  it('given prepared statements turned off (a pooler in transaction mode), when rendered for a connection, then nothing is prepared and the values are written in', async () => {
    const client = new Client();
    const query = jest.spyOn(client, 'query');
    usePreparedStatements(false);
    try {
      expect(await simpleText(client, [new PreparedCall('SELECT $1::int', [7]), 'COMMIT'])).toBe('SELECT 7::int;\nCOMMIT');
      expect(query).not.toHaveBeenCalled();
    } finally {
      usePreparedStatements(true);
    }
  });
});
