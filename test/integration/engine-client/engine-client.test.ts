import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONFLICT_ATTEMPTS, EngineClient, EngineRequestError } from '../../../src/engine-client/engine-client.js';

/**
 * A remote engine over real HTTP (the boundary to an Operaton / Camunda 7 cluster) that refuses the first `conflicts`
 * commands the way Camunda 7 does when another command changed the same rows first, then answers.
 */
async function remoteEngine(conflicts: number, refusal: { status: number; type: string } = { status: 500, type: 'OptimisticLockingException' }) {
  const received: Array<{ method: string; url: string; body: string }> = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', body });
      res.setHeader('Content-Type', 'application/json');
      if (received.length <= conflicts) {
        res.statusCode = refusal.status;
        res.end(JSON.stringify({ type: refusal.type, message: 'ACT_RU_EXECUTION row was updated by another command in the meantime', code: 1 }));
      } else {
        res.end(JSON.stringify({ id: 'pi-1' }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const client = new EngineClient({ baseUrl: `http://127.0.0.1:${port}/engine-rest`, authorization: () => 'Bearer t' });
  return { client, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe('EngineClient', () => {
  it('sends a command again, with the same body, when the engine refused it for a concurrent change, and returns the answer', async () => {
    const engine = await remoteEngine(CONFLICT_ATTEMPTS - 1);
    try {
      const answer = await engine.client.request<{ id: string }>('POST', '/process-instance/pi-1/modification', { instructions: [{ type: 'cancel', activityId: 'a' }] });
      expect(answer).toEqual({ id: 'pi-1' });
      expect(engine.received).toHaveLength(CONFLICT_ATTEMPTS);
      expect(new Set(engine.received.map((r) => `${r.method} ${r.url} ${r.body}`))).toEqual(
        new Set(['POST /engine-rest/process-instance/pi-1/modification {"instructions":[{"type":"cancel","activityId":"a"}]}']),
      );
    } finally {
      await engine.close();
    }
  });

  it('gives up after a few attempts and passes on the engine\'s refusal', async () => {
    const engine = await remoteEngine(CONFLICT_ATTEMPTS);
    try {
      const refused = engine.client.request('POST', '/task/t-1/claim', { userId: 'u' });
      await expect(refused).rejects.toBeInstanceOf(EngineRequestError);
      await expect(refused).rejects.toMatchObject({ status: 500, engineType: 'OptimisticLockingException' });
      expect(engine.received).toHaveLength(CONFLICT_ATTEMPTS);
    } finally {
      await engine.close();
    }
  });

  it('does not repeat a command refused for any other reason', async () => {
    const engine = await remoteEngine(1, { status: 400, type: 'InvalidRequestException' });
    try {
      await expect(engine.client.request('POST', '/task/t-1/claim', { userId: 'u' })).rejects.toMatchObject({ status: 400, engineType: 'InvalidRequestException' });
      expect(engine.received).toHaveLength(1);
    } finally {
      await engine.close();
    }
  });
});
