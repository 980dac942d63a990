import { createKafka } from './kafka';
import { type LogLevel } from './logger';

describe('createKafka logging', () => {
  it('passes warnings and errors through our logger once a minute per message, and drops info', () => {
    const entries: [LogLevel, string][] = [];
    const kafka = createKafka({ brokers: ['127.0.0.1:1'], clientId: 'log-test', logger: (level, message) => entries.push([level, message]) });
    const log = kafka.logger().namespace('Connection');
    log.error('Connection error: connect ECONNREFUSED', { broker: '127.0.0.1:1' });
    log.error('Connection error: connect ECONNREFUSED', { broker: '127.0.0.1:1' });
    log.warn('Something else');
    log.info('Connected');
    expect(entries).toEqual([
      ['error', 'kafkajs Connection: Connection error: connect ECONNREFUSED'],
      ['warn', 'kafkajs Connection: Something else'],
    ]);
  });
});
