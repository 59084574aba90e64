import { hostname } from 'node:os';
import supertest from 'supertest';
import { bpmnProcess } from '../helpers/bpmn.js';
import { buildApp, freePort, logLines, startApp, stopApp, type AppProcess } from '../helpers/app-process.js';
import { createTestDataSource, type TestDatabase } from '../helpers/test-db.js';

/**
 * Two operating-system processes of the production build on one MySQL/MariaDB database, each with its own job
 * executor and its own external-task worker (the real `camunda-external-task-client-js`, started by the app), under
 * a load of instances that pass an external task and a timer: no task is handled by two workers, no timer fires twice.
 * And a node killed while it held a job runs it at once when it comes back under the same name.
 */
const onMysql = (process.env['DATABASE_URL'] ?? '').startsWith('mysql');
if (!onMysql) console.warn('two-node test skipped: SQLite has a single writer, so the system runs as one node on it (run with DATABASE_URL=mysql://…)');

const KEY = 'two-nodes';
const INSTANCES = 200;
const IN_FLIGHT = 10;
const ADMIN_PASSWORD = 'two-nodes-password';
const AUTH = `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}`;

/** start → external task of the app's own `compose-greeting` worker → timer PT1S → end. */
const MODEL = bpmnProcess(KEY, `<bpmn:startEvent id="start" />
  <bpmn:serviceTask id="compute" camunda:type="external" camunda:topic="compose-greeting" />
  <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1S</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
  <bpmn:endEvent id="end" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="compute" /><bpmn:sequenceFlow id="f2" sourceRef="compute" targetRef="wait" />
  <bpmn:sequenceFlow id="f3" sourceRef="wait" targetRef="end" />`);

/** start → timer PT1H → user task `after`. */
const HOUR_TIMER = bpmnProcess('restart-locks', `<bpmn:startEvent id="start" />
  <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
  <bpmn:userTask id="after" />
  <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" /><bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="after" />`);

(onMysql ? describe : describe.skip)('two app processes on one MySQL/MariaDB database', () => {
  let db: TestDatabase;
  const nodes: AppProcess[] = [];
  beforeAll(() => buildApp(), 180_000);
  beforeAll(async () => {
    db = await createTestDataSource({ migrate: false });
  });
  afterAll(async () => {
    for (const n of nodes) await stopApp(n, 'SIGKILL');
    await db.destroy();
  });

  it('hands each external task to one worker once and fires each timer once', async () => {
    // given two nodes, each with its job executor and its worker, on one database
    const env = {
      DATABASE_URL: db.settings.location, HOST: '127.0.0.1', ADMIN_PASSWORD, JWT_SECRET: 't'.repeat(40), LOG_LEVEL: 'info', WORKERS_ENABLED: 'true',
    };
    const ports = [await freePort(), await freePort()];
    nodes.push(await startApp({ ...env, PORT: String(ports[0]), ENGINE_NODE_ID: 'node-a' }));
    nodes.push(await startApp({ ...env, PORT: String(ports[1]), ENGINE_NODE_ID: 'node-b' }));
    const http = ports.map((p) => supertest(`http://127.0.0.1:${p}/engine-rest`));
    const deployed = await http[0]!.post('/deployment/create').set('Authorization', AUTH).field('deployment-name', KEY)
      .attach(`${KEY}.bpmn`, Buffer.from(MODEL), `${KEY}.bpmn`).expect(200);
    const definitionId = String(Object.keys(deployed.body.deployedProcessDefinitions)[0]);

    // when instances are started on both nodes in turn, several at a time
    let next = 0;
    const starter = async () => {
      while (next < INSTANCES) {
        const i = next++;
        await http[i % 2]!.post(`/process-definition/key/${KEY}/start`).set('Authorization', AUTH)
          .send({ businessKey: `bk-${i}`, variables: { name: { value: `员工${i}`, type: 'String' } } }).expect(200);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, starter));
    const deadline = Date.now() + 35_000;
    let completed = 0;
    while (completed < INSTANCES && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      completed = (await http[1]!.get(`/history/process-instance/count?processDefinitionKey=${KEY}&completed=true`).set('Authorization', AUTH).expect(200)).body.count as number;
    }
    // both nodes stop gracefully
    for (const n of nodes.splice(0)) {
      expect((await stopApp(n)).code).toBe(0);
      nodes.push(n);
    }

    // then every instance ended exactly once, through one run of the task and one firing of the timer
    expect(completed).toBe(INSTANCES);
    const instances = await db.dataSource.query<Array<{ id: string; business_key: string; state: string; end_act_id: string }>>(
      'SELECT id, business_key, state, end_act_id FROM eng_hi_procinst WHERE proc_def_key = ?', [KEY]);
    expect(instances).toHaveLength(INSTANCES);
    expect(new Set(instances.map((p) => p.business_key)).size).toBe(INSTANCES);
    expect(instances.filter((p) => p.state !== 'COMPLETED' || p.end_act_id !== 'end')).toEqual([]);
    const activities = await db.dataSource.query<Array<{ proc_inst_id: string; act_id: string; n: number | string; ended: number | string }>>(
      'SELECT proc_inst_id, act_id, COUNT(*) AS n, SUM(CASE WHEN end_time IS NULL THEN 0 ELSE 1 END) AS ended FROM eng_hi_actinst WHERE proc_def_key = ? GROUP BY proc_inst_id, act_id', [KEY]);
    const wrong = activities.filter((a) => Number(a.n) !== 1 || Number(a.ended) !== 1).map((a) => `${a.proc_inst_id} ${a.act_id} ×${a.n}`);
    expect(wrong).toEqual([]);
    for (const act of ['start', 'compute', 'wait', 'end']) expect(activities.filter((a) => a.act_id === act)).toHaveLength(INSTANCES);
    const greetings = await db.dataSource.query<Array<{ proc_inst_id: string; n: number | string }>>(
      "SELECT proc_inst_id, COUNT(*) AS n FROM eng_hi_detail WHERE proc_def_key = ? AND name = 'greeting' GROUP BY proc_inst_id", [KEY]);
    expect(greetings).toHaveLength(INSTANCES);
    expect(greetings.filter((g) => Number(g.n) !== 1)).toEqual([]);
    for (const table of ['eng_job', 'eng_external_task', 'eng_incident']) {
      const [left] = await db.dataSource.query<Array<{ n: number | string }>>(`SELECT COUNT(*) AS n FROM ${table} WHERE proc_def_id = ?`, [definitionId]);
      expect({ table, rows: Number(left?.n) }).toEqual({ table, rows: 0 });
    }

    // and, as the workers saw it, each task was handled once, by one of them, and every completion was accepted
    const handled = nodes.map((n) => logLines(n.output()).filter((l) => l['msg'] === 'external task handled' && l['topic'] === 'compose-greeting'));
    const perTask = new Map<string, number>();
    for (const line of handled.flat()) perTask.set(String(line['taskId']), (perTask.get(String(line['taskId'])) ?? 0) + 1);
    expect(perTask.size).toBe(INSTANCES);
    expect([...perTask.values()].filter((n) => n !== 1)).toEqual([]);
    expect(handled.flat().filter((l) => (l['outcome'] as { kind?: string } | undefined)?.kind !== 'completed')).toEqual([]);
    for (const worker of handled) expect(worker.length).toBeGreaterThan(0);
    const errors = nodes.flatMap((n) => logLines(n.output()).filter((l) => Number(l['level']) >= 50));
    expect(errors).toEqual([]);
  }, 60_000);

  it('a node killed while it held a job runs that job as soon as it is started again (same host and PORT)', async () => {
    // given a node (its name derived from host name and PORT) and an instance waiting at a one-hour timer
    const port = await freePort();
    const env = {
      DATABASE_URL: db.settings.location, HOST: '127.0.0.1', PORT: String(port), ADMIN_PASSWORD, JWT_SECRET: 't'.repeat(40), LOG_LEVEL: 'info',
      WORKERS_ENABLED: 'false',
    };
    const first = await startApp(env);
    nodes.push(first);
    const http = supertest(`http://127.0.0.1:${port}/engine-rest`);
    await http.post('/deployment/create').set('Authorization', AUTH).field('deployment-name', 'restart-locks')
      .attach('restart-locks.bpmn', Buffer.from(HOUR_TIMER), 'restart-locks.bpmn').expect(200);
    const id = (await http.post('/process-definition/key/restart-locks/start').set('Authorization', AUTH).send({}).expect(200)).body.id as string;

    // when the node is killed right after it acquired the job, now due (locked to it for the next 5 minutes) …
    expect((await stopApp(first, 'SIGKILL')).signal).toBe('SIGKILL');
    await db.dataSource.query('UPDATE eng_job SET due_date = ?, lock_owner = ?, lock_exp_time = ?, rev = rev + 1 WHERE proc_inst_id = ?',
      [Date.now() - 1_000, `${hostname()}:${port}`, Date.now() + 300_000, id]);
    // … and started again on the same host and PORT
    const second = await startApp(env);
    nodes.push(second);

    // then the timer fires at once, not after the lock expired
    const deadline = Date.now() + 15_000;
    let tasks: unknown[] = [];
    while (tasks.length === 0 && Date.now() < deadline) {
      tasks = (await http.get(`/task?processInstanceId=${id}`).set('Authorization', AUTH).expect(200)).body as unknown[];
      if (tasks.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(tasks).toHaveLength(1);
    expect((await stopApp(second)).code).toBe(0);
  }, 60_000);
});
