import { Writable } from 'node:stream';
import { createLogger, silentLogger } from '../../src/logger.js';

describe('createLogger', () => {
  it('writes JSON lines with message, metadata and child bindings, at or above its level', () => {
    // given
    const { lines, destination } = capture();
    const logger = createLogger('info', { destination }).child({ requestId: 'r-1' });

    // when
    logger.debug('hidden');
    logger.info('shown', { userId: 'u1' });

    // then
    expect(lines()).toEqual([expect.objectContaining({ level: 30, msg: 'shown', userId: 'u1', requestId: 'r-1', app: 'security-supervision' })]);
  });

  it('redacts passwords, tokens and Authorization headers', () => {
    const { lines, destination } = capture();
    const logger = createLogger('info', { destination });

    logger.warn('login', { password: 'p', user: { password: 'p2' }, token: 't', headers: { authorization: 'Basic x' } });

    const [line] = lines();
    expect(line).toMatchObject({ password: '[redacted]', user: { password: '[redacted]' }, token: '[redacted]', headers: { authorization: '[redacted]' } });
  });

  it('serialises an error under err with its stack', () => {
    const { lines, destination } = capture();

    createLogger('info', { destination }).error('failed', { err: new Error('boom') });

    expect(lines()[0]).toMatchObject({ err: { type: 'Error', message: 'boom', stack: expect.stringContaining('boom') } });
  });
});

describe('silentLogger', () => {
  it('accepts every call and hands out itself as child', () => {
    expect(() => silentLogger.error('x', { a: 1 })).not.toThrow();
    expect(silentLogger.child({ a: 1 })).toBe(silentLogger);
  });
});

// helpers ////

function capture() {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return {
    destination,
    lines: () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}
