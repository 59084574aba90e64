import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import supertest from 'supertest';
import { createApp } from '../../src/api/app.js';
import { createEngine, type Engine } from '../../src/engine/engine.js';
import { createEngineRest, type EngineRest } from '../../src/engine/rest/rest-router.js';
import { silentLogger } from '../../src/logger.js';
import { createAuthFixture, type AuthFixture } from './auth.js';
import { createTestDataSource, type TestDatabase } from './test-db.js';

/** A running app with the embedded engine over a fresh test database, listening on a random port. */
export interface EngineServer {
  db: TestDatabase;
  engine: Engine;
  rest: EngineRest;
  auth: AuthFixture;
  /** `http://127.0.0.1:<port>/engine-rest` */
  engineUrl: string;
  /** A real signed bearer token of the test user `demo` (groups `admin`, `reviewers`). */
  token: string;
  /** supertest on the server, with the bearer token preset by {@link EngineServer.get} etc. */
  http: ReturnType<typeof supertest>;
  get(path: string): supertest.Test;
  post(path: string): supertest.Test;
  put(path: string): supertest.Test;
  del(path: string): supertest.Test;
  /** Deploys BPMN XML strings (resource name → XML) through the engine service; returns definition ids by key. */
  deploy(resources: Record<string, string>): Promise<Record<string, string>>;
  /** Moves the engine clock forward. */
  advance(ms: number): void;
  close(): Promise<void>;
}

/** Starts an engine server for a test file. */
export async function startEngineServer(): Promise<EngineServer> {
  const db = await createTestDataSource();
  const auth = createAuthFixture(db.dataSource);
  await auth.identity.createUser({ id: 'demo', name: 'Demo', password: 'demo-password-1' });
  for (const g of ['admin', 'reviewers']) {
    try {
      await auth.identity.createGroup({ id: g, name: g });
    } catch {
      // group exists already
    }
    await auth.identity.addMembership('demo', g);
  }
  let offset = 0;
  const engine = createEngine({ dataSource: db.dataSource, groupIdsOf: (u) => auth.identity.groupIdsOf(u), clock: () => Date.now() + offset });
  const rest = createEngineRest(engine, (e) => console.error(e));
  const app = createApp({ config: auth.config, logger: silentLogger, identity: auth.identity, tokens: auth.tokens, audit: auth.audit, engineRest: rest.middleware });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  const token = auth.tokens.sign({ userId: 'demo', groupIds: ['admin', 'reviewers'] });
  const http = supertest(server);
  const withAuth = (t: supertest.Test) => t.set('Authorization', `Bearer ${token}`);
  return {
    db, engine, rest, auth, token, http,
    engineUrl: `http://127.0.0.1:${port}/engine-rest`,
    get: (p) => withAuth(http.get(`/engine-rest${p}`)),
    post: (p) => withAuth(http.post(`/engine-rest${p}`)),
    put: (p) => withAuth(http.put(`/engine-rest${p}`)),
    del: (p) => withAuth(http.delete(`/engine-rest${p}`)),
    async deploy(resources) {
      const result = await engine.repository.deploy({ userId: 'demo', groupIds: [] }, {
        name: 'test', source: null, tenantId: null, enableDuplicateFiltering: false, deployChangedOnly: false,
        resources: Object.entries(resources).map(([name, xml]) => ({ name, bytes: Buffer.from(xml) })),
      });
      return Object.fromEntries((result.processDefinitions ?? []).map((d) => [d.key, d.id]));
    },
    advance(ms) {
      offset += ms;
    },
    async close() {
      rest.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.destroy();
    },
  };
}

/** Reads a BPMN fixture from `test/fixtures/bpmn/`. */
export function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/bpmn/${name}`, import.meta.url), 'utf8');
}

export { bpmnProcess } from './bpmn.js';
