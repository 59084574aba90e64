import { jest } from '@jest/globals';
import type { TestUser } from '../../helpers/auth.js';
import { bpmnProcess } from '../../helpers/bpmn.js';
import { startLicensingServer, type LicensingServer } from '../../helpers/licensing-server.js';

jest.setTimeout(120_000);

let server: LicensingServer;
let operator: TestUser;

/** A wait of a minute, then a decision on `approved`, a variable nobody set: the timer's job fails at the gateway. */
const REMINDER = bpmnProcess('reminder', `
    <bpmn:startEvent id="Start" />
    <bpmn:intermediateCatchEvent id="Wait" name="等待一分钟">
      <bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:exclusiveGateway id="Decide" name="是否同意" />
    <bpmn:endEvent id="Approved" />
    <bpmn:endEvent id="Refused" />
    <bpmn:sequenceFlow id="f1" sourceRef="Start" targetRef="Wait" />
    <bpmn:sequenceFlow id="f2" sourceRef="Wait" targetRef="Decide" />
    <bpmn:sequenceFlow id="f3" sourceRef="Decide" targetRef="Approved"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">\${approved}</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f4" sourceRef="Decide" targetRef="Refused"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">\${!approved}</bpmn:conditionExpression></bpmn:sequenceFlow>`);

beforeAll(async () => {
  server = await startLicensingServer({ startAt: new Date('2026-10-12T02:00:00Z') });
  operator = await server.officer('job-operator', ['engine-operator']);
  const deployed = await server.http.post('/engine-rest/deployment/create').set('Authorization', server.engineAuthorization())
    .field('deployment-name', 'reminder').attach('model', Buffer.from(REMINDER), 'reminder.bpmn');
  expect(deployed.status).toBe(200);
});

afterAll(async () => {
  await server?.close();
});

const asOperator = (method: 'get' | 'post' | 'put', path: string) => server.http[method](path).set('Authorization', `Bearer ${operator.token}`);

describe('a timer\'s or asynchronous step\'s failed job (failedJob) in 流程异常', () => {
  it('is listed with the engine\'s stack trace, and a retry runs the job again once the cause is put right', async () => {
    // given: an instance whose timer job fails at the gateway on every try, until its retries are spent
    const started = await server.http.post('/engine-rest/process-definition/key/reminder/start').set('Authorization', server.engineAuthorization()).send({});
    const pid = started.body.id as string;
    await server.advance(61_000);
    let incident: { id: string; type: string; retryable: boolean; activityId: string | null; message: string | null } | undefined;
    await server.waitFor(async () => {
      // a failed job waits a little before its next try: the test's clock moves on
      await server.advance(30_000);
      incident = ((await asOperator('get', '/api/incidents')).body.items as Array<NonNullable<typeof incident>>)[0];
      return incident !== undefined;
    }, 'the timer\'s job to fail three times');

    // then: listed as a failed job that can be retried, with why it failed and the stack trace
    expect(incident).toMatchObject({ type: 'failedJob', retryable: true });
    expect(incident?.message).toMatch(/approved/);
    const detail = await asOperator('get', `/api/incidents/${incident?.id as string}`);
    expect(detail.status).toBe(200);
    expect(detail.body.details).toMatch(/approved/);

    // when: the operator sets the variable the gateway needs, and retries the incident
    const set = await asOperator('put', `/engine-rest/process-instance/${pid}/variables/approved`).send({ value: true, type: 'Boolean' });
    expect(set.status).toBe(204);
    const retried = await asOperator('post', '/api/incidents/retry').send({ ids: [incident?.id] });

    // then: the job runs again and the instance ends at 同意; nothing is left to retry
    expect(retried.status).toBe(200);
    await server.waitFor(async () => {
      const history = await server.http.get(`/engine-rest/history/process-instance/${pid}`).set('Authorization', server.engineAuthorization());
      return history.body.state === 'COMPLETED';
    }, 'the instance to end after the retry');
    const ended = await server.http.get('/engine-rest/history/activity-instance').query({ processInstanceId: pid, activityId: 'Approved' }).set('Authorization', server.engineAuthorization());
    expect(ended.body).toHaveLength(1);
    expect((await asOperator('get', '/api/incidents')).body.total).toBe(0);
  });
});
