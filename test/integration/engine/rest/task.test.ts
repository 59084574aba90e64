import { bpmnProcess } from '../../../helpers/bpmn.js';
import { startEngineServer, type EngineServer } from '../../../helpers/engine-server.js';

/** The JSON of a task as `GET /task` returns it (the fields these scenarios look at). */
interface TaskJson {
  id: string; name: string | null; assignee: string | null; owner: string | null; delegationState: string | null;
  due: string | null; followUp: string | null; taskDefinitionKey: string; processInstanceId: string; processDefinitionId: string;
  formKey: string | null; camundaFormRef: unknown; comment?: boolean; attachment?: boolean;
}

const flow = (id: string, from: string, to: string) => `<bpmn:sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}" />`;
const line = (...ids: string[]) => ids.slice(1).map((to, i) => flow(`f${i}`, ids[i]!, to)).join('');

/** A start event, one user task with `attrs`, then an end event. */
const oneTask = (key: string, taskId: string, attrs: string) => bpmnProcess(key, `<bpmn:startEvent id="start" />
  <bpmn:userTask id="${taskId}" ${attrs} /><bpmn:endEvent id="end" />${line('start', taskId, 'end')}`);

const PERMIT_FORM_V1 = JSON.stringify({ id: 'permit-form', type: 'default', components: [{ key: 'approved', type: 'checkbox', label: 'Approved' }] });
const PERMIT_FORM_V2 = JSON.stringify({ id: 'permit-form', type: 'default', components: [{ key: 'approved', type: 'checkbox', label: 'Approved (v2)' }] });

let s: EngineServer;
beforeAll(async () => {
  s = await startEngineServer();
  await s.deploy({
    // review (offered to the group reviewers, with due and follow-up dates from variables) → sign (assigned to chief)
    'permit.bpmn': bpmnProcess('permit', `<bpmn:startEvent id="start" />
      <bpmn:userTask id="review" name="Review permit" camunda:candidateGroups="reviewers" camunda:dueDate="\${due}" camunda:followUpDate="\${followUp}" />
      <bpmn:userTask id="sign" name="Sign permit" camunda:assignee="chief" /><bpmn:endEvent id="end" />${line('start', 'review', 'sign', 'end')}`),
    'leave.bpmn': oneTask('leave', 'approve', 'name="Approve leave" camunda:candidateUsers="demo,li"'),
    'audit.bpmn': oneTask('audit', 'check', 'name="Audit check" camunda:candidateGroups="auditors"'),
    'form-ref.bpmn': oneTask('form-ref', 'fill', 'name="Fill permit" camunda:formRef="permit-form" camunda:formRefBinding="latest"'),
    'form-key.bpmn': oneTask('form-key', 'fill', 'camunda:formKey="camunda-forms:deployment:permit-form.form"'),
    'form-app.bpmn': oneTask('form-app', 'fill', 'camunda:formKey="embedded:app:forms/fill.html"'),
    'form-gone.bpmn': oneTask('form-gone', 'fill', 'camunda:formRef="no-such-form" camunda:formRefBinding="latest"'),
    'permit-form.form': PERMIT_FORM_V1,
  });
});
afterAll(async () => {
  await s.close();
});

const DEFAULT_DUE = '2026-06-01T09:00:00.000+0000';

/** Starts an instance through the REST API; `permit` instances get due/follow-up dates (defaults when not given). */
async function start(key: string, businessKey: string, variables: Record<string, { value: unknown; type: string }> = {}): Promise<string> {
  const vars = key === 'permit' ? { due: { value: DEFAULT_DUE, type: 'Date' }, followUp: { value: DEFAULT_DUE, type: 'Date' }, ...variables } : variables;
  const res = await s.post(`/process-definition/key/${key}/start`).send({ businessKey, variables: vars }).expect(200);
  return res.body.id as string;
}

async function tasksOf(processInstanceId: string): Promise<TaskJson[]> {
  return (await s.get(`/task?processInstanceId=${processInstanceId}`).expect(200)).body as TaskJson[];
}

async function onlyTask(processInstanceId: string): Promise<TaskJson> {
  const tasks = await tasksOf(processInstanceId);
  expect(tasks).toHaveLength(1);
  return tasks[0]!;
}

const ids = (body: unknown) => (body as TaskJson[]).map((t) => t.id);
const date = (text: string) => encodeURIComponent(text);

describe('GET /task: querying tasks', () => {
  it('lists the task of a process instance with Camunda task fields, a comment flag and exactly application/json', async () => {
    // given a permit instance waiting in "Review permit"
    const pi = await start('permit', 'Q-1');
    // when the tasks of that instance are listed
    const res = await s.get(`/task?processInstanceId=${pi}`).expect(200);
    // then there is one task with Camunda's TaskDto fields plus the attachment/comment flags
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.body).toEqual([expect.objectContaining({
      name: 'Review permit', taskDefinitionKey: 'review', processInstanceId: pi, assignee: null, owner: null,
      delegationState: null, priority: 50, suspended: false, formKey: null, camundaFormRef: null, tenantId: null,
      caseInstanceId: null, attachment: false, comment: false,
    })]);
    expect(new Date(res.body[0].due).toISOString()).toBe('2026-06-01T09:00:00.000Z');
    expect(res.body[0].due).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{4}$/);
    // and once commented, the comment flag is set
    await s.post(`/task/${res.body[0].id}/comment/create`).send({ message: '请补充材料' }).expect(200);
    expect((await onlyTask(pi)).comment).toBe(true);
  });

  it('finds tasks by assignee, assigneeLike and assigneeIn', async () => {
    // given three leave requests, two of them assigned
    const [a, b, c] = [await start('leave', 'AS-1'), await start('leave', 'AS-2'), await start('leave', 'AS-3')];
    await s.post(`/task/${(await onlyTask(a)).id}/assignee`).send({ userId: 'zhang.wei' }).expect(204);
    await s.post(`/task/${(await onlyTask(b)).id}/assignee`).send({ userId: 'zhao.lei' }).expect(204);
    const scope = 'processInstanceBusinessKeyLike=AS-%25';
    // then
    expect((await s.get(`/task?${scope}&assignee=zhang.wei`).expect(200)).body).toEqual([expect.objectContaining({ processInstanceId: a })]);
    expect((await s.get(`/task?${scope}&assigneeLike=zh%25`).expect(200)).body).toHaveLength(2);
    expect(ids((await s.get(`/task?${scope}&assigneeIn=zhao.lei,nobody`).expect(200)).body)).toEqual([(await onlyTask(b)).id]);
    expect(ids((await s.get(`/task?${scope}&unassigned=true`).expect(200)).body)).toEqual([(await onlyTask(c)).id]);
    expect((await s.get(`/task?${scope}&assigned=true`).expect(200)).body).toHaveLength(2);
  });

  it('offers tasks to a candidate user directly and through the groups the user belongs to', async () => {
    // given demo (groups admin, reviewers): a review offered to reviewers, a leave request offered to demo, an audit offered to auditors
    const review = await start('permit', 'CU-1');
    const leave = await start('leave', 'CU-2');
    await start('audit', 'CU-3');
    const scope = 'processInstanceBusinessKeyLike=CU-%25';
    // when demo asks for the tasks offered to them
    const offered = await s.get(`/task?${scope}&candidateUser=demo&sortBy=name&sortOrder=asc`).expect(200);
    // then the review (group) and the leave request (user) are offered, the audit is not
    expect((offered.body as TaskJson[]).map((t) => t.processInstanceId)).toEqual([leave, review]);
    // and once someone claims the review, it is no longer offered unless includeAssignedTasks is set
    await s.post(`/task/${(await onlyTask(review)).id}/claim`).send({ userId: 'li' }).expect(204);
    expect(ids((await s.get(`/task?${scope}&candidateUser=demo`).expect(200)).body)).toEqual([(await onlyTask(leave)).id]);
    expect((await s.get(`/task?${scope}&candidateUser=demo&includeAssignedTasks=true`).expect(200)).body).toHaveLength(2);
    expect((await s.get(`/task/count?${scope}&candidateUser=li`).expect(200)).body).toEqual({ count: 1 });
  });

  it('treats invalid candidate combinations as Camunda does: a 500 ProcessEngineException "Invalid query usage"', async () => {
    const both = await s.get('/task?candidateUser=demo&candidateGroup=reviewers').expect(500);
    expect(both.body).toMatchObject({ type: 'ProcessEngineException', message: expect.stringContaining('Invalid query usage') });
    await s.get('/task?candidateUser=demo&candidateGroups=reviewers').expect(500);
    await s.get('/task/count?includeAssignedTasks=true').expect(500);
  });

  it('finds tasks by candidateGroup and candidateGroups', async () => {
    const review = await start('permit', 'CG-1');
    const audit = await start('audit', 'CG-2');
    const scope = 'processInstanceBusinessKeyLike=CG-%25';
    expect((await s.get(`/task?${scope}&candidateGroup=reviewers`).expect(200)).body).toEqual([expect.objectContaining({ processInstanceId: review })]);
    expect((await s.get(`/task?${scope}&candidateGroups=auditors,reviewers`).expect(200)).body).toHaveLength(2);
    expect((await s.get(`/task?${scope}&candidateGroups=auditors`).expect(200)).body).toEqual([expect.objectContaining({ processInstanceId: audit })]);
    // an assigned task drops out of candidate queries unless includeAssignedTasks is set
    await s.post(`/task/${(await onlyTask(audit)).id}/assignee`).send({ userId: 'wang' }).expect(204);
    expect((await s.get(`/task?${scope}&candidateGroups=auditors`).expect(200)).body).toEqual([]);
    expect((await s.get(`/task?${scope}&candidateGroups=auditors&includeAssignedTasks=true`).expect(200)).body).toHaveLength(1);
    expect((await s.get(`/task?${scope}&withCandidateGroups=true&includeAssignedTasks=true`).expect(200)).body).toHaveLength(2);
  });

  it('finds tasks by business key, definition key, task definition key and name', async () => {
    const permit = await start('permit', 'BK-1');
    await start('leave', 'BK-2');
    expect((await s.get('/task?processInstanceBusinessKey=BK-1').expect(200)).body).toEqual([expect.objectContaining({ processInstanceId: permit })]);
    expect((await s.get('/task?processInstanceBusinessKeyIn=BK-1,BK-2').expect(200)).body).toHaveLength(2);
    expect((await s.get('/task?processInstanceBusinessKeyLike=BK-%25&processDefinitionKey=leave').expect(200)).body).toEqual([expect.objectContaining({ name: 'Approve leave' })]);
    expect((await s.get('/task?processInstanceBusinessKeyLike=BK-%25&processDefinitionKeyIn=leave,permit').expect(200)).body).toHaveLength(2);
    expect((await s.get('/task?processInstanceBusinessKeyLike=BK-%25&taskDefinitionKey=review').expect(200)).body).toEqual([expect.objectContaining({ processInstanceId: permit })]);
    expect((await s.get('/task?processInstanceBusinessKeyLike=BK-%25&taskDefinitionKeyIn=approve,check').expect(200)).body).toEqual([expect.objectContaining({ name: 'Approve leave' })]);
    expect((await s.get('/task?processInstanceBusinessKeyLike=BK-%25&nameLike=%25permit%25').expect(200)).body).toEqual([expect.objectContaining({ processInstanceId: permit })]);
    expect((await s.get('/task?processInstanceBusinessKeyLike=BK-%25&nameNotEqual=Review%20permit').expect(200)).body).toEqual([expect.objectContaining({ name: 'Approve leave' })]);
  });

  it('finds tasks by due date and follow-up date before and after a point in time', async () => {
    // given an early and a late permit review, and a leave request without dates
    const early = await start('permit', 'DU-1', { due: { value: '2026-03-01T08:00:00.000+0800', type: 'Date' }, followUp: { value: '2026-02-20T08:00:00.000+0800', type: 'Date' } });
    const late = await start('permit', 'DU-2', { due: { value: '2026-09-01T08:00:00.000+0800', type: 'Date' }, followUp: { value: '2026-08-20T08:00:00.000+0800', type: 'Date' } });
    const undated = await start('leave', 'DU-3');
    const scope = 'processInstanceBusinessKeyLike=DU-%25';
    const instancesOf = (body: unknown) => (body as TaskJson[]).map((t) => t.processInstanceId);
    // then
    expect(instancesOf((await s.get(`/task?${scope}&dueBefore=${date('2026-06-01T00:00:00.000+0000')}`).expect(200)).body)).toEqual([early]);
    expect(instancesOf((await s.get(`/task?${scope}&dueAfter=${date('2026-06-01T00:00:00.000+0000')}`).expect(200)).body)).toEqual([late]);
    expect(instancesOf((await s.get(`/task?${scope}&dueDate=${date('2026-03-01T00:00:00.000+0000')}`).expect(200)).body)).toEqual([early]);
    expect(instancesOf((await s.get(`/task?${scope}&withoutDueDate=true`).expect(200)).body)).toEqual([undated]);
    expect(instancesOf((await s.get(`/task?${scope}&followUpAfter=${date('2026-05-01T00:00:00.000+0000')}`).expect(200)).body)).toEqual([late]);
    expect(instancesOf((await s.get(`/task?${scope}&followUpBefore=${date('2026-05-01T00:00:00.000+0000')}`).expect(200)).body)).toEqual([early]);
    const notYet = await s.get(`/task?${scope}&followUpBeforeOrNotExistent=${date('2026-05-01T00:00:00.000+0000')}&sortBy=dueDate&sortOrder=asc`).expect(200);
    expect(instancesOf(notYet.body).sort()).toEqual([early, undated].sort());
  });

  it('sorts by due date in both directions and pages with firstResult/maxResults', async () => {
    // given three reviews due in March, January and February
    const march = await start('permit', 'SO-1', { due: { value: '2026-03-01T00:00:00.000+0000', type: 'Date' } });
    const january = await start('permit', 'SO-2', { due: { value: '2026-01-01T00:00:00.000+0000', type: 'Date' } });
    const february = await start('permit', 'SO-3', { due: { value: '2026-02-01T00:00:00.000+0000', type: 'Date' } });
    const query = (extra: string) => s.get(`/task?processInstanceBusinessKeyLike=SO-%25&${extra}`).expect(200).then((r) => (r.body as TaskJson[]).map((t) => t.processInstanceId));
    // then
    expect(await query('sortBy=dueDate&sortOrder=asc')).toEqual([january, february, march]);
    expect(await query('sortBy=dueDate&sortOrder=desc')).toEqual([march, february, january]);
    expect(await query('sortBy=dueDate&sortOrder=asc&firstResult=1&maxResults=1')).toEqual([february]);
    expect(await query('sortBy=dueDate&sortOrder=desc&firstResult=2')).toEqual([january]);
    expect(await query('sortBy=dueDate&sortOrder=asc&maxResults=2')).toEqual([january, february]);
  });

  it('filters by process and task variables', async () => {
    const big = await start('leave', 'VA-1', { days: { value: 12, type: 'Integer' }, city: { value: 'Xi’an', type: 'String' } });
    await start('leave', 'VA-2', { days: { value: 2, type: 'Integer' }, city: { value: 'Beijing', type: 'String' } });
    const scope = 'processInstanceBusinessKeyLike=VA-%25';
    expect((await s.get(`/task?${scope}&processVariables=days_gt_5`).expect(200)).body).toEqual([expect.objectContaining({ processInstanceId: big })]);
    expect((await s.get(`/task?${scope}&processVariables=city_eq_beijing&variableValuesIgnoreCase=true`).expect(200)).body).toHaveLength(1);
    expect((await s.get(`/task?${scope}&processVariables=DAYS_lt_5&variableNamesIgnoreCase=true`).expect(200)).body).toHaveLength(1);
    const task = await onlyTask(big);
    await s.post(`/task/${task.id}/localVariables`).send({ modifications: { note: { value: 'urgent', type: 'String' } } }).expect(204);
    expect(ids((await s.get(`/task?${scope}&taskVariables=note_eq_urgent`).expect(200)).body)).toEqual([task.id]);
  });

  it('ignores unknown parameters, as Camunda does', async () => {
    const pi = await start('leave', 'UP-1');
    expect((await s.get(`/task?processInstanceId=${pi}&noSuchFilter=whatever`).expect(200)).body).toHaveLength(1);
  });
});

describe('POST /task and the count endpoints', () => {
  it('takes the filters as a JSON body, sorting as a list and paging from the URL', async () => {
    // given two permits and a leave request
    const a = await start('permit', 'PQ-1', { due: { value: '2026-01-10T00:00:00.000+0000', type: 'Date' } });
    const b = await start('permit', 'PQ-2', { due: { value: '2026-01-20T00:00:00.000+0000', type: 'Date' } });
    await start('leave', 'PQ-3');
    const body = { processInstanceBusinessKeyIn: ['PQ-1', 'PQ-2', 'PQ-3'], candidateGroups: ['reviewers'], sorting: [{ sortBy: 'dueDate', sortOrder: 'desc' }] };
    // when
    const all = await s.post('/task').send(body).expect(200);
    const paged = await s.post('/task?firstResult=1&maxResults=5').send(body).expect(200);
    // then
    expect(all.headers['content-type']).toBe('application/json');
    expect((all.body as TaskJson[]).map((t) => t.processInstanceId)).toEqual([b, a]);
    expect((paged.body as TaskJson[]).map((t) => t.processInstanceId)).toEqual([a]);
    expect((await s.post('/task/count').send(body).expect(200)).body).toEqual({ count: 2 });
    expect((await s.post('/task').send({ processInstanceBusinessKeyLike: 'PQ-%', processVariables: [{ name: 'due', operator: 'lt', value: '2026-01-15T00:00:00.000+0000' }] }).expect(200)).body)
      .toEqual([expect.objectContaining({ processInstanceId: a })]);
  });

  it('counts tasks with the same filters as the list', async () => {
    await start('audit', 'CT-1');
    await start('audit', 'CT-2');
    const res = await s.get('/task/count?processInstanceBusinessKeyLike=CT-%25&candidateGroup=auditors').expect(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.body).toEqual({ count: 2 });
    expect((await s.get('/task/count?processInstanceBusinessKeyLike=CT-%25&candidateGroup=reviewers').expect(200)).body).toEqual({ count: 0 });
  });

  it('answers 400 for invalid query parameters', async () => {
    const sortByAlone = await s.get('/task?sortBy=dueDate').expect(400);
    expect(sortByAlone.body).toMatchObject({ type: 'InvalidRequestException', message: 'Only a single sorting parameter specified. sortBy and sortOrder required', code: null });
    await s.get('/task?sortOrder=asc').expect(400);
    await s.get('/task?sortBy=colour&sortOrder=asc').expect(400);
    await s.get('/task?sortBy=dueDate&sortOrder=up').expect(400);
    await s.get('/task?dueBefore=yesterday').expect(400);
    await s.get('/task?priority=high').expect(400);
    await s.get('/task?assigned=perhaps').expect(400);
    expect((await s.get('/task?delegationState=LATER').expect(400)).body.message).toContain("'delegationState'");
    expect((await s.get('/task?assigneeExpression=${currentUser()}').expect(400)).body.type).toBe('BadUserRequestException');
    await s.post('/task').send({ sorting: [{ sortBy: 'dueDate' }] }).expect(400);
    await s.post('/task').set('Content-Type', 'application/json').send('{"assignee": ').expect(400);
  });
});

describe('GET /task/{id}', () => {
  it('returns one task as TaskDto and 404 for an unknown id', async () => {
    const pi = await start('leave', 'GT-1');
    const { id } = await onlyTask(pi);
    const res = await s.get(`/task/${id}`).expect(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.body).toMatchObject({ id, name: 'Approve leave', processInstanceId: pi, taskDefinitionKey: 'approve' });
    expect(res.body).not.toHaveProperty('comment');
    expect((await s.get(`/task/${id}?withCommentAttachmentInfo=true`).expect(200)).body).toMatchObject({ comment: false, attachment: false });
    const missing = await s.get('/task/no-such-task').expect(404);
    expect(missing.body).toEqual({ type: 'InvalidRequestException', message: 'No matching task with id no-such-task', code: null });
  });
});

describe('assignment: claim, unclaim, assignee, delegate, resolve', () => {
  it('claims a free task, refuses a claim on a task someone else holds, and unclaims it', async () => {
    // given an unassigned review
    const { id } = await onlyTask(await start('permit', 'CL-1'));
    // when demo claims it
    await s.post(`/task/${id}/claim`).send({ userId: 'demo' }).expect(204);
    // then it is demo's; claiming again as demo changes nothing
    expect((await s.get(`/task/${id}`).expect(200)).body.assignee).toBe('demo');
    await s.post(`/task/${id}/claim`).send({ userId: 'demo' }).expect(204);
    // and another user's claim is refused with 500 TaskAlreadyClaimedException, leaving demo as the assignee
    const refused = await s.post(`/task/${id}/claim`).send({ userId: 'li' }).expect(500);
    expect(refused.body).toEqual({ type: 'TaskAlreadyClaimedException', message: `Task '${id}' is already claimed by someone else.`, code: 0 });
    expect((await s.get(`/task/${id}`).expect(200)).body.assignee).toBe('demo');
    // when demo unclaims it, it is free again
    await s.post(`/task/${id}/unclaim`).expect(204);
    expect((await s.get(`/task/${id}`).expect(200)).body.assignee).toBeNull();
  });

  it('sets the assignee without the claim check', async () => {
    const { id } = await onlyTask(await start('permit', 'AG-1'));
    await s.post(`/task/${id}/assignee`).send({ userId: 'li' }).expect(204);
    await s.post(`/task/${id}/assignee`).send({ userId: 'wang' }).expect(204);
    expect((await s.get(`/task/${id}`).expect(200)).body.assignee).toBe('wang');
    await s.post(`/task/${id}/assignee`).send({ userId: null }).expect(204);
    expect((await s.get(`/task/${id}`).expect(200)).body.assignee).toBeNull();
  });

  it('delegates a task (owner := assignee, PENDING), refuses to complete it, and resolves it back to the owner', async () => {
    // given a review claimed by demo
    const pi = await start('permit', 'DG-1');
    const { id } = await onlyTask(pi);
    await s.post(`/task/${id}/claim`).send({ userId: 'demo' }).expect(204);
    // when demo delegates it to li
    await s.post(`/task/${id}/delegate`).send({ userId: 'li' }).expect(204);
    // then li is the assignee, demo the owner, and the delegation is pending
    expect((await s.get(`/task/${id}`).expect(200)).body).toMatchObject({ assignee: 'li', owner: 'demo', delegationState: 'PENDING' });
    // and completing the delegated task is refused, leaving it untouched
    const refused = await s.post(`/task/${id}/complete`).send({ variables: { ok: { value: true, type: 'Boolean' } } }).expect(500);
    expect(refused.body).toMatchObject({ type: 'RestException', message: expect.stringContaining(`Cannot complete task ${id}`) });
    expect((await s.get(`/task/${id}`).expect(200)).body.delegationState).toBe('PENDING');
    expect((await s.get(`/task/${id}/variables`).expect(200)).body).not.toHaveProperty('ok');
    // when li resolves it with a variable
    await s.post(`/task/${id}/resolve`).send({ variables: { opinion: { value: '同意', type: 'String' } } }).expect(204);
    // then it is back with demo, RESOLVED, and the variable is set on the process
    expect((await s.get(`/task/${id}`).expect(200)).body).toMatchObject({ assignee: 'demo', owner: 'demo', delegationState: 'RESOLVED' });
    expect((await s.get(`/process-instance/${pi}/variables/opinion`).expect(200)).body).toEqual({ type: 'String', value: '同意', valueInfo: {} });
    // and the resolved task can be completed
    await s.post(`/task/${id}/complete`).send({}).expect(204);
    expect((await onlyTask(pi)).taskDefinitionKey).toBe('sign');
  });

  it('answers what Camunda answers for an unknown task id', async () => {
    const claim = await s.post('/task/nope/claim').send({ userId: 'demo' }).expect(500);
    expect(claim.body).toEqual({ type: 'NullValueException', message: 'Cannot find task with id nope: task is null', code: 0 });
    expect((await s.post('/task/nope/unclaim').expect(400)).body.type).toBe('NotFoundException');
    expect((await s.post('/task/nope/assignee').send({ userId: 'demo' }).expect(400)).body.type).toBe('NotFoundException');
    expect((await s.post('/task/nope/delegate').send({ userId: 'demo' }).expect(500)).body.type).toBe('NullValueException');
    expect((await s.post('/task/nope/resolve').send({}).expect(500)).body.type).toBe('NullValueException');
    const complete = await s.post('/task/nope/complete').send({}).expect(500);
    expect(complete.body).toEqual({ type: 'RestException', message: 'Cannot complete task nope: Cannot find task with id nope: task is null', code: 0 });
    expect((await s.post('/task/nope/submit-form').send({}).expect(500)).body.message).toMatch(/^Cannot submit task form nope: /);
  });
});

describe('completion: complete and submit-form', () => {
  it('completes a task with variables and the process continues to the next task, then ends', async () => {
    // given a permit in review
    const pi = await start('permit', 'CO-1');
    const review = await onlyTask(pi);
    // when the review is completed with a decision
    await s.post(`/task/${review.id}/complete`).send({ variables: { approved: { value: true, type: 'Boolean' }, score: { value: 87, type: 'Integer' } } }).expect(204);
    // then the process waits in "Sign permit" (assigned to chief) and holds the variables
    const sign = await onlyTask(pi);
    expect(sign).toMatchObject({ taskDefinitionKey: 'sign', assignee: 'chief' });
    await s.get(`/task/${review.id}`).expect(404);
    expect((await s.get(`/process-instance/${pi}/variables`).expect(200)).body).toMatchObject({ approved: { type: 'Boolean', value: true }, score: { type: 'Integer', value: 87 } });
    // when the last task is completed, the instance ends
    await s.post(`/task/${sign.id}/complete`).send({}).expect(204);
    await s.get(`/process-instance/${pi}`).expect(404);
    expect((await s.engine.runtime.historic({ userId: 'demo', groupIds: [] }, pi))?.state).toBe('COMPLETED');
  });

  it('returns the process variables with withVariablesInReturn', async () => {
    const pi = await start('leave', 'CO-2', { days: { value: 3, type: 'Integer' } });
    const { id } = await onlyTask(pi);
    const res = await s.post(`/task/${id}/complete`).send({ variables: { approved: { value: false, type: 'Boolean' } }, withVariablesInReturn: true }).expect(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.body).toEqual({ days: { type: 'Integer', value: 3, valueInfo: {} }, approved: { type: 'Boolean', value: false, valueInfo: {} } });
    await s.get(`/process-instance/${pi}`).expect(404);
  });

  it('submits a task form: completes the task (204, or 200 with the variables)', async () => {
    const first = await start('permit', 'SF-1');
    await s.post(`/task/${(await onlyTask(first)).id}/submit-form`).send({ variables: { approved: { value: true, type: 'Boolean' } } }).expect(204);
    expect((await onlyTask(first)).taskDefinitionKey).toBe('sign');
    const second = await start('leave', 'SF-2');
    const res = await s.post(`/task/${(await onlyTask(second)).id}/submit-form`).send({ variables: { approved: { value: true, type: 'Boolean' } }, withVariablesInReturn: true }).expect(200);
    expect(res.body).toEqual({ approved: { type: 'Boolean', value: true, valueInfo: {} } });
    await s.get(`/process-instance/${second}`).expect(404);
  });

  it('submitting the form of a delegated task resolves it instead of completing it', async () => {
    const pi = await start('permit', 'SF-3');
    const { id } = await onlyTask(pi);
    await s.post(`/task/${id}/assignee`).send({ userId: 'demo' }).expect(204);
    await s.post(`/task/${id}/delegate`).send({ userId: 'li' }).expect(204);
    await s.post(`/task/${id}/submit-form`).send({ variables: { checked: { value: 'yes', type: 'String' } } }).expect(204);
    expect((await s.get(`/task/${id}`).expect(200)).body).toMatchObject({ assignee: 'demo', delegationState: 'RESOLVED' });
  });

  it('refuses a variable of an unsupported type with 400 naming the variable, and changes nothing', async () => {
    const pi = await start('leave', 'BV-1');
    const { id } = await onlyTask(pi);
    const res = await s.post(`/task/${id}/complete`).send({ variables: { ok: { value: true, type: 'Boolean' }, amount: { value: 1, type: 'Money' } } }).expect(400);
    expect(res.body.type).toBe('InvalidRequestException');
    expect(res.body.message).toContain('amount');
    expect(res.body.message).toContain('Money');
    expect((await onlyTask(pi)).id).toBe(id);
    expect((await s.get(`/task/${id}/variables`).expect(200)).body).toEqual({});
    await s.post(`/task/${id}/resolve`).send({ variables: { x: { value: 'abc', type: 'Integer' } } }).expect(400);
    await s.post(`/task/${id}/submit-form`).send({ variables: { x: { value: {}, type: 'Json' } } }).expect(400);
  });

  it('refuses malformed JSON with 400 and changes nothing', async () => {
    const pi = await start('leave', 'BJ-1');
    const { id } = await onlyTask(pi);
    const res = await s.post(`/task/${id}/complete`).set('Content-Type', 'application/json').send('{"variables": {').expect(400);
    expect(res.body).toMatchObject({ type: 'InvalidRequestException', code: null });
    await s.post(`/task/${id}/claim`).set('Content-Type', 'application/json').send('not json').expect(400);
    expect((await onlyTask(pi))).toMatchObject({ id, assignee: null });
  });
});

describe('forms: form, form-variables, deployed-form', () => {
  it('returns the Camunda Form reference of a task and its deployed form JSON (binding latest)', async () => {
    // given a task with camunda:formRef="permit-form" camunda:formRefBinding="latest", deployed next to permit-form.form
    const { id } = await onlyTask(await start('form-ref', 'FO-1'));
    // when
    const form = await s.get(`/task/${id}/form`).expect(200);
    // then the key is null and the reference is reported, as Camunda's FormDto
    expect(form.headers['content-type']).toBe('application/json');
    expect(form.body).toEqual({ key: null, camundaFormRef: { key: 'permit-form', binding: 'latest', version: null }, contextPath: null });
    expect((await s.get(`/task/${id}`).expect(200)).body.camundaFormRef).toEqual({ key: 'permit-form', binding: 'latest', version: null });
    const deployed = await s.get(`/task/${id}/deployed-form`).expect(200);
    expect(deployed.headers['content-type']).toBe('application/json');
    expect(deployed.body).toEqual(JSON.parse(PERMIT_FORM_V1));
    // and after a new version of the form is deployed, "latest" resolves to it
    await s.deploy({ 'permit-form.form': PERMIT_FORM_V2 });
    expect((await s.get(`/task/${id}/deployed-form`).expect(200)).body).toEqual(JSON.parse(PERMIT_FORM_V2));
  });

  it('serves a form key of the form camunda-forms:deployment:<resource> from the task\'s deployment', async () => {
    const { id } = await onlyTask(await start('form-key', 'FO-2'));
    expect((await s.get(`/task/${id}/form`).expect(200)).body).toEqual({ key: 'camunda-forms:deployment:permit-form.form', camundaFormRef: null, contextPath: null });
    const deployed = await s.get(`/task/${id}/deployed-form`).expect(200);
    expect(deployed.headers['content-type']).toBe('application/json');
    expect(deployed.body).toEqual(JSON.parse(PERMIT_FORM_V1));
  });

  it('answers 400 when the task has no deployed form, 404 when the referenced form does not exist', async () => {
    const app = await onlyTask(await start('form-app', 'FO-3'));
    expect((await s.get(`/task/${app.id}/form`).expect(200)).body.key).toBe('embedded:app:forms/fill.html');
    expect((await s.get(`/task/${app.id}/deployed-form`).expect(400)).body.message).toContain('does not reference a deployed form');
    const none = await onlyTask(await start('leave', 'FO-4'));
    expect((await s.get(`/task/${none.id}/form`).expect(200)).body).toEqual({ key: null, camundaFormRef: null, contextPath: null });
    expect((await s.get(`/task/${none.id}/deployed-form`).expect(400)).body.type).toBe('InvalidRequestException');
    const gone = await onlyTask(await start('form-gone', 'FO-5'));
    expect((await s.get(`/task/${gone.id}/deployed-form`).expect(404)).body.message).toContain('no-such-form');
    expect((await s.get('/task/nope/deployed-form').expect(400)).body.type).toBe('InvalidRequestException');
    expect((await s.get('/task/nope/form').expect(400)).body).toMatchObject({ type: 'RestException', message: 'Cannot get form for task nope' });
  });

  it('returns the form variables visible from the task, optionally restricted by name', async () => {
    const pi = await start('form-ref', 'FO-6', { applicant: { value: '李雷', type: 'String' }, amount: { value: 12.5, type: 'Double' } });
    const { id } = await onlyTask(pi);
    const all = await s.get(`/task/${id}/form-variables`).expect(200);
    expect(all.body).toEqual({ applicant: { type: 'String', value: '李雷', valueInfo: {} }, amount: { type: 'Double', value: 12.5, valueInfo: {} } });
    expect((await s.get(`/task/${id}/form-variables?variableNames=amount,missing`).expect(200)).body).toEqual({ amount: { type: 'Double', value: 12.5, valueInfo: {} } });
    expect((await s.get('/task/nope/form-variables').expect(400)).body.type).toBe('BadUserRequestException');
  });
});

describe('task variables', () => {
  it('reads visible and local variables and modifies them', async () => {
    // given a leave request with a process variable
    const pi = await start('leave', 'TV-1', { days: { value: 5, type: 'Integer' } });
    const { id } = await onlyTask(pi);
    // then the task sees the process variable, but has no local ones
    expect((await s.get(`/task/${id}/variables`).expect(200)).body).toEqual({ days: { type: 'Integer', value: 5, valueInfo: {} } });
    expect((await s.get(`/task/${id}/localVariables`).expect(200)).body).toEqual({});
    // when a local variable and a process variable are set, and days deleted
    await s.post(`/task/${id}/localVariables`).send({ modifications: { draft: { value: 'half done', type: 'String' } } }).expect(204);
    await s.post(`/task/${id}/variables`).send({ modifications: { reason: { value: '探亲', type: 'String' } }, deletions: ['days'] }).expect(204);
    // then
    expect((await s.get(`/task/${id}/localVariables`).expect(200)).body).toEqual({ draft: { type: 'String', value: 'half done', valueInfo: {} } });
    expect((await s.get(`/task/${id}/variables`).expect(200)).body).toEqual({
      draft: { type: 'String', value: 'half done', valueInfo: {} }, reason: { type: 'String', value: '探亲', valueInfo: {} },
    });
    expect((await s.get(`/process-instance/${pi}/variables`).expect(200)).body).toEqual({ reason: { type: 'String', value: '探亲', valueInfo: {} } });
  });

  it('gets, puts and deletes single variables', async () => {
    const { id } = await onlyTask(await start('leave', 'TV-2'));
    await s.put(`/task/${id}/variables/when`).send({ value: '2026-11-22T10:00:00.000+0800', type: 'Date' }).expect(204);
    const when = await s.get(`/task/${id}/variables/when`).expect(200);
    expect(when.body).toMatchObject({ type: 'Date', valueInfo: {} });
    expect(new Date(when.body.value).toISOString()).toBe('2026-11-22T02:00:00.000Z');
    await s.put(`/task/${id}/localVariables/note`).send({ value: 'x', type: 'String' }).expect(204);
    expect((await s.get(`/task/${id}/localVariables/note`).expect(200)).body).toEqual({ type: 'String', value: 'x', valueInfo: {} });
    await s.del(`/task/${id}/localVariables/note`).expect(204);
    const missing = await s.get(`/task/${id}/localVariables/note`).expect(404);
    expect(missing.body).toEqual({ type: 'InvalidRequestException', message: 'task variable with name note does not exist', code: null });
    expect((await s.put(`/task/${id}/variables/bad`).send({ value: 'x', type: 'Nope' }).expect(400)).body.message).toContain('bad');
  });

  it('refuses bad modifications with 400 and unknown tasks with 500, changing nothing', async () => {
    const { id } = await onlyTask(await start('leave', 'TV-3', { days: { value: 5, type: 'Integer' } }));
    await s.post(`/task/${id}/variables`).send({ modifications: { a: { value: 'x', type: 'String' }, days: { value: 'many', type: 'Integer' } } }).expect(400);
    await s.post(`/task/${id}/variables`).send({ deletions: 'days' }).expect(400);
    expect((await s.get(`/task/${id}/variables`).expect(200)).body).toEqual({ days: { type: 'Integer', value: 5, valueInfo: {} } });
    expect((await s.get('/task/nope/variables').expect(500)).body).toMatchObject({ type: 'NullValueException', message: "task nope doesn't exist: task is null" });
    expect((await s.post('/task/nope/variables').send({ modifications: {} }).expect(500)).body.type).toBe('RestException');
  });
});

describe('identity links', () => {
  it('lists, adds and deletes identity links, with the assignee and owner among them', async () => {
    // given a review offered to reviewers and assigned to demo
    const { id } = await onlyTask(await start('permit', 'IL-1'));
    await s.post(`/task/${id}/assignee`).send({ userId: 'demo' }).expect(204);
    // when a candidate user and a candidate group are added
    await s.post(`/task/${id}/identity-links`).send({ userId: 'li', type: 'candidate' }).expect(204);
    await s.post(`/task/${id}/identity-links`).send({ groupId: 'auditors', type: 'candidate' }).expect(204);
    // then
    const links = await s.get(`/task/${id}/identity-links`).expect(200);
    expect(links.headers['content-type']).toBe('application/json');
    expect(links.body).toEqual(expect.arrayContaining([
      { userId: null, groupId: 'reviewers', type: 'candidate' }, { userId: 'li', groupId: null, type: 'candidate' },
      { userId: null, groupId: 'auditors', type: 'candidate' }, { userId: 'demo', groupId: null, type: 'assignee' },
    ]));
    expect(links.body).toHaveLength(4);
    expect((await s.get(`/task/${id}/identity-links?type=assignee`).expect(200)).body).toEqual([{ userId: 'demo', groupId: null, type: 'assignee' }]);
    // when the group link is deleted, it is gone and the task is no longer offered to auditors
    await s.post(`/task/${id}/identity-links/delete`).send({ groupId: 'auditors', type: 'candidate' }).expect(204);
    expect((await s.get(`/task/${id}/identity-links?type=candidate`).expect(200)).body).toHaveLength(2);
    expect((await s.get('/task?processInstanceBusinessKey=IL-1&candidateGroup=auditors&includeAssignedTasks=true').expect(200)).body).toEqual([]);
    expect((await s.get('/task?processInstanceBusinessKey=IL-1&candidateUser=li&includeAssignedTasks=true').expect(200)).body).toHaveLength(1);
  });

  it('refuses links with both or neither of userId and groupId, and unknown tasks', async () => {
    const { id } = await onlyTask(await start('leave', 'IL-2'));
    expect((await s.post(`/task/${id}/identity-links`).send({ userId: 'a', groupId: 'b', type: 'candidate' }).expect(400)).body.message)
      .toBe('Identity Link requires userId or groupId, but not both.');
    await s.post(`/task/${id}/identity-links`).send({ type: 'candidate' }).expect(400);
    await s.post(`/task/${id}/identity-links/delete`).send({ type: 'candidate' }).expect(400);
    expect((await s.get(`/task/${id}/identity-links`).expect(200)).body).toHaveLength(2);
    expect((await s.get('/task/nope/identity-links').expect(500)).body.type).toBe('NullValueException');
    expect((await s.post('/task/nope/identity-links').send({ userId: 'a', type: 'candidate' }).expect(400)).body.type).toBe('NotFoundException');
  });
});

describe('comments', () => {
  it('creates, lists and gets the comments of a task', async () => {
    // given a task
    const pi = await start('leave', 'CM-1');
    const { id } = await onlyTask(pi);
    // when demo comments twice
    const created = await s.post(`/task/${id}/comment/create`).send({ message: '材料齐全' }).expect(200);
    await s.post(`/task/${id}/comment/create`).send({ message: 'second' }).expect(200);
    // then the answer is a CommentDto with a self link
    expect(created.headers['content-type']).toBe('application/json');
    expect(created.body).toMatchObject({ userId: 'demo', taskId: id, processInstanceId: pi, message: '材料齐全', removalTime: null });
    expect(created.body.links).toEqual([{ method: 'GET', href: expect.stringMatching(new RegExp(`/engine-rest/task/${id}/comment/${created.body.id}$`)), rel: 'self' }]);
    const listed = await s.get(`/task/${id}/comment`).expect(200);
    expect((listed.body as Array<{ message: string }>).map((c) => c.message)).toEqual(['材料齐全', 'second']);
    expect((await s.get(`/task/${id}/comment/${created.body.id}`).expect(200)).body).toMatchObject({ id: created.body.id, message: '材料齐全' });
    // and the comments stay readable after the task is completed
    await s.post(`/task/${id}/complete`).send({}).expect(204);
    expect((await s.get(`/task/${id}/comment`).expect(200)).body).toHaveLength(2);
  });

  it('answers 404 for comments of an unknown task or an unknown comment, 400 for a comment on an unknown task or without message', async () => {
    const { id } = await onlyTask(await start('leave', 'CM-2'));
    expect((await s.get('/task/nope/comment').expect(404)).body).toMatchObject({ type: 'InvalidRequestException', message: 'No task found for task id nope' });
    await s.get(`/task/${id}/comment/nope`).expect(404);
    await s.post('/task/nope/comment/create').send({ message: 'x' }).expect(400);
    await s.post(`/task/${id}/comment/create`).send({}).expect(400);
    expect((await s.get(`/task/${id}/comment`).expect(200)).body).toEqual([]);
  });
});
