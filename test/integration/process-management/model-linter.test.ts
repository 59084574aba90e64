import { readFileSync } from 'node:fs';
import { ValidationError } from '../../../src/errors.js';
import { Bpmnlint, ModelLinter, PROJECT_RULES, type LintFinding, type UploadedFile } from '../../../src/process-management/index.js';
import { WORKERS } from '../../../src/workers/index.js';
import { bpmnProcess } from '../../helpers/bpmn.js';

const FIXTURES = 'test/fixtures/process-management';
const linter = new ModelLinter({ bpmnlint: Bpmnlint.fromFile('bpmn/.bpmnlintrc'), workers: WORKERS });
const nothingDeployed = new Set<string>();

function file(name: string, content: string | Buffer): UploadedFile {
  return { name, bytes: Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8') };
}

function fixture(path: string, name = path.split('/').pop() as string): UploadedFile {
  return file(name, readFileSync(`${FIXTURES}/${path}`));
}

/** The findings of one rule, as `elementId: category` pairs, for compact assertions. */
function ofRule(findings: LintFinding[], rule: string): string[] {
  return findings.filter((f) => f.rule === rule).map((f) => `${f.elementId}: ${f.category}`);
}

async function lintProcess(body: string, extra: UploadedFile[] = [], deployed: ReadonlySet<string> = nothingDeployed): Promise<LintFinding[]> {
  return (await linter.lint([file('model.bpmn', bpmnProcess('model', body)), ...extra], deployed)).findings;
}

async function refusal(files: UploadedFile[]): Promise<ValidationError> {
  const error = await linter.lint(files, nothingDeployed).then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe(ModelLinter.name, () => {
  it('finds nothing in a clean model uploaded with the form its task is bound to', async () => {
    // when
    const result = await linter.lint([fixture('pm-review.bpmn'), fixture('pm-review-decision.form')], nothingDeployed);

    // then
    expect(result.findings).toEqual([]);
    expect(result.models).toEqual([{ resource: 'pm-review.bpmn', processes: [{ key: 'pm-review', name: '备案复核（流程管理测试）' }] }]);
    expect(result.forms).toEqual([{ resource: 'pm-review-decision.form', formId: 'pm-review-decision' }]);
  });

  it('names the element, its name, the rule and the file of every problem of a broken model', async () => {
    // when
    const { findings } = await linter.lint([fixture('pm-review-broken.bpmn', 'pm-review.bpmn')], nothingDeployed);

    // then
    expect(findings).toEqual(expect.arrayContaining([
      expect.objectContaining({ resource: 'pm-review.bpmn', elementId: 'Task_SendFax', elementName: '传真通知', rule: PROJECT_RULES.externalTopic, category: 'error', message: expect.stringContaining("'send-fax'") }),
      expect.objectContaining({ resource: 'pm-review.bpmn', elementId: 'Task_Review', elementName: '审核备案', rule: PROJECT_RULES.formRef, category: 'error', message: expect.stringContaining("'pm-review-nowhere'") }),
      expect.objectContaining({ resource: 'pm-review.bpmn', elementId: 'EndEvent_Rejected', elementName: '不予备案', rule: PROJECT_RULES.errorCode, category: 'error', message: expect.stringContaining("'Error_FilingRejected'") }),
      expect.objectContaining({ resource: 'pm-review.bpmn', elementId: 'Task_Archive', rule: 'label-required', category: 'error' }),
    ]));
    expect(findings).toHaveLength(4);
  });

  describe('external topics', () => {
    it('accepts a topic a registered worker serves and refuses one no worker serves or a missing one', async () => {
      const findings = await lintProcess(`
        <bpmn:serviceTask id="Known" camunda:type="external" camunda:topic="notify" />
        <bpmn:serviceTask id="Unknown" camunda:type="external" camunda:topic="print-letter" />
        <bpmn:serviceTask id="Missing" camunda:type="external" />`);
      expect(ofRule(findings, PROJECT_RULES.externalTopic)).toEqual(['Unknown: error', 'Missing: error']);
    });

    it('only warns about a topic given as an expression, which cannot be checked before it runs', async () => {
      const findings = await lintProcess('<bpmn:serviceTask id="Dynamic" camunda:type="external" camunda:topic="${topicName}" />');
      expect(ofRule(findings, PROJECT_RULES.externalTopic)).toEqual(['Dynamic: warn']);
    });

    it('checks the topic of an external message end event on the event', async () => {
      const findings = await lintProcess('<bpmn:endEvent id="Send"><bpmn:messageEventDefinition camunda:type="external" camunda:topic="fax" /></bpmn:endEvent>');
      expect(ofRule(findings, PROJECT_RULES.externalTopic)).toEqual(['Send: error']);
    });
  });

  describe('form references', () => {
    const form = (id: string) => file(`${id}.form`, JSON.stringify({ id, type: 'default', schemaVersion: 16, components: [{ id: 'Field_A', key: 'a', label: 'A', type: 'textfield' }] }));

    it('resolves a latest-bound formRef to a form of the upload or one already deployed', async () => {
      const findings = await lintProcess(`
        <bpmn:userTask id="InUpload" camunda:formRef="uploaded" camunda:formRefBinding="latest" />
        <bpmn:userTask id="Deployed" camunda:formRef="deployed-before" />
        <bpmn:userTask id="Nowhere" camunda:formRef="nowhere" camunda:formRefBinding="latest" />`, [form('uploaded')], new Set(['deployed-before']));
      expect(ofRule(findings, PROJECT_RULES.formRef)).toEqual(['Nowhere: error']);
    });

    it('requires a deployment-bound form to be in the same upload, even when an older version is deployed', async () => {
      const findings = await lintProcess(`
        <bpmn:startEvent id="Start" camunda:formRef="start-form" camunda:formRefBinding="deployment" />
        <bpmn:userTask id="Review" camunda:formRef="review-form" camunda:formRefBinding="deployment" />`, [form('start-form')], new Set(['review-form']));
      expect(ofRule(findings, PROJECT_RULES.formRef)).toEqual(['Review: error']);
    });

    it('requires the version of a version-bound formRef and the file of a deployment formKey', async () => {
      const findings = await lintProcess(`
        <bpmn:userTask id="Versioned" camunda:formRef="deployed-before" camunda:formRefBinding="version" />
        <bpmn:userTask id="Keyed" camunda:formKey="camunda-forms:deployment:missing.form" />
        <bpmn:userTask id="KeyedPresent" camunda:formKey="camunda-forms:deployment:uploaded.form" />`, [form('uploaded')], new Set(['deployed-before']));
      expect(ofRule(findings, PROJECT_RULES.formRef)).toEqual(['Versioned: error', 'Keyed: error']);
    });
  });

  describe('error codes', () => {
    it('accepts error events that throw and catch a declared error with a code', async () => {
      const findings = await linter.lint([file('model.bpmn', `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="http://example.org/test">
  <bpmn:error id="Error_Incomplete" name="材料不全" errorCode="PERMIT_INCOMPLETE" />
  <bpmn:process id="model" isExecutable="true">
    <bpmn:serviceTask id="Check" camunda:type="external" camunda:topic="check-completeness">
      <bpmn:extensionElements><camunda:errorEventDefinition id="Check_Error" errorRef="Error_Incomplete" expression="\${true}" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:boundaryEvent id="Caught" attachedToRef="Check"><bpmn:errorEventDefinition errorRef="Error_Incomplete" /></bpmn:boundaryEvent>
    <bpmn:boundaryEvent id="CatchAll" attachedToRef="Check"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>
    <bpmn:endEvent id="Thrown"><bpmn:errorEventDefinition errorRef="Error_Incomplete" /></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`)], nothingDeployed);
      expect(ofRule(findings.findings, PROJECT_RULES.errorCode)).toEqual([]);
    });

    it('refuses an undeclared error, a thrown error without a code or without errorRef, and warns of a catch without a code', async () => {
      const findings = await linter.lint([file('model.bpmn', `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="http://example.org/test">
  <bpmn:error id="Error_NoCode" name="无代码" />
  <bpmn:process id="model" isExecutable="true">
    <bpmn:serviceTask id="Check" camunda:type="external" camunda:topic="check-completeness">
      <bpmn:extensionElements><camunda:errorEventDefinition id="Check_Error" errorRef="Error_NoCode" expression="\${true}" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:boundaryEvent id="CatchUndeclared" attachedToRef="Check"><bpmn:errorEventDefinition errorRef="Error_Missing" /></bpmn:boundaryEvent>
    <bpmn:boundaryEvent id="CatchNoCode" attachedToRef="Check"><bpmn:errorEventDefinition errorRef="Error_NoCode" /></bpmn:boundaryEvent>
    <bpmn:endEvent id="ThrowNoCode"><bpmn:errorEventDefinition errorRef="Error_NoCode" /></bpmn:endEvent>
    <bpmn:endEvent id="ThrowNothing"><bpmn:errorEventDefinition /></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`)], nothingDeployed);
      expect(ofRule(findings.findings, PROJECT_RULES.errorCode).sort()).toEqual([
        'CatchNoCode: warn', 'CatchUndeclared: error', 'Check: error', 'ThrowNoCode: error', 'ThrowNothing: error',
      ]);
    });
  });

  describe('BPMN errors a worker may throw', () => {
    const greetingModel = (around: string, inner = '') => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="D" targetNamespace="http://example.org/test">
  <bpmn:error id="Error_Blank" name="姓名为空" errorCode="GREETING_NAME_BLANK" />
  <bpmn:error id="Error_Other" name="其他" errorCode="SOMETHING_ELSE" />
  <bpmn:process id="model" isExecutable="true">
    <bpmn:subProcess id="Stage">
      <bpmn:serviceTask id="Compose" name="生成问候语" camunda:type="external" camunda:topic="compose-greeting" />
      ${inner}
    </bpmn:subProcess>
    ${around}
  </bpmn:process>
</bpmn:definitions>`;
    const caught = async (around: string, inner = '') => ofRule((await linter.lint([file('model.bpmn', greetingModel(around, inner))], nothingDeployed)).findings, PROJECT_RULES.workerError);

    it('refuses a model where an error the topic\'s worker declares would end the case silently, naming the code', async () => {
      const findings = (await linter.lint([file('model.bpmn', greetingModel('<bpmn:boundaryEvent id="Other" attachedToRef="Compose"><bpmn:errorEventDefinition errorRef="Error_Other" /></bpmn:boundaryEvent>'))], nothingDeployed)).findings;

      expect(findings.filter((f) => f.rule === PROJECT_RULES.workerError)).toEqual([
        expect.objectContaining({ elementId: 'Compose', elementName: '生成问候语', category: 'error', message: expect.stringContaining("may throw BPMN error 'GREETING_NAME_BLANK', which nothing catches here") }),
      ]);
    });

    it.each([
      ['a boundary event on the task with that code', '<bpmn:boundaryEvent id="B" attachedToRef="Compose"><bpmn:errorEventDefinition errorRef="Error_Blank" /></bpmn:boundaryEvent>', ''],
      ['a catch-all boundary event on the task', '<bpmn:boundaryEvent id="B" attachedToRef="Compose"><bpmn:errorEventDefinition /></bpmn:boundaryEvent>', ''],
      ['a boundary event on the enclosing sub-process', '<bpmn:boundaryEvent id="B" attachedToRef="Stage"><bpmn:errorEventDefinition errorRef="Error_Blank" /></bpmn:boundaryEvent>', ''],
      ['an error event sub-process of the enclosing sub-process', '', '<bpmn:subProcess id="OnError" triggeredByEvent="true"><bpmn:startEvent id="S"><bpmn:errorEventDefinition errorRef="Error_Blank" /></bpmn:startEvent></bpmn:subProcess>'],
      ['an error event sub-process of the process', '<bpmn:subProcess id="OnError" triggeredByEvent="true"><bpmn:startEvent id="S"><bpmn:errorEventDefinition errorRef="Error_Blank" /></bpmn:startEvent></bpmn:subProcess>', ''],
    ])('accepts it caught by %s', async (_case, around, inner) => {
      expect(await caught(around, inner)).toEqual([]);
    });

    it('lets the project\'s own models pass: each catches what its workers declare', async () => {
      const models = ['example-greeting.bpmn'].map((name) => file(name, readFileSync(`bpmn/${name}`)));
      expect(ofRule((await linter.lint(models, new Set(['example-greeting-confirm']))).findings, PROJECT_RULES.workerError)).toEqual([]);
    });
  });

  describe('bpmnlint with the project configuration', () => {
    it('reports Camunda 7.23 compatibility (history time to live) as a warning and bpmnlint errors as errors', async () => {
      const findings = await lintProcess('<bpmn:startEvent id="Start" />');
      expect(findings).toEqual(expect.arrayContaining([
        expect.objectContaining({ elementId: 'model', rule: 'camunda-compat/history-time-to-live', category: 'warn' }),
        expect.objectContaining({ elementId: 'Start', rule: 'label-required', category: 'error' }),
      ]));
    });

    it('lints each model on its own: equal elements in two models are not duplicates', async () => {
      // given two copies of one model under different process ids
      const xml = readFileSync(`${FIXTURES}/pm-review.bpmn`, 'utf8');
      const copy = xml.replaceAll('pm-review"', 'pm-review-copy"');

      // when
      const { findings } = await linter.lint([file('a.bpmn', xml), file('b.bpmn', copy), fixture('pm-review-decision.form')], nothingDeployed);

      // then
      expect(findings).toEqual([]);
    });

    it('reports what the XML reader could not fit to the meta-model, on the element', async () => {
      const findings = await lintProcess('<bpmn:userTask id="Odd" name="审核" camunda:assigneee="x" />');
      expect(ofRule(findings, PROJECT_RULES.importWarning)).toEqual(['Odd: error']);
    });
  });

  describe('the upload as a whole', () => {
    it('refuses a model without an executable process and a process id given twice', async () => {
      const { findings } = await linter.lint([
        file('a.bpmn', bpmnProcess('same', '<bpmn:startEvent id="S" />')),
        file('b.bpmn', bpmnProcess('same', '<bpmn:startEvent id="S" />')),
        file('c.bpmn', bpmnProcess('idle', '<bpmn:startEvent id="S" />').replace('isExecutable="true"', 'isExecutable="false"')),
      ], nothingDeployed);
      expect(findings.filter((f) => f.rule === PROJECT_RULES.executableProcess).map((f) => `${f.resource} ${f.elementId}`)).toEqual(['b.bpmn same', 'c.bpmn idle']);
    });

    it('reports what is wrong in a form on its component', async () => {
      const form = { id: 'broken-form', type: 'default', components: [{ id: 'Field_Magic', key: 'magic', label: '魔法', type: 'magic-widget' }] };
      const { findings } = await linter.lint([file('broken-form.form', JSON.stringify(form))], nothingDeployed);
      expect(findings).toEqual([expect.objectContaining({ resource: 'broken-form.form', elementId: 'Field_Magic', elementName: '魔法', rule: PROJECT_RULES.formDefinition, category: 'error' })]);
    });

    it.each([
      ['no files', [], 'files', /at least one/],
      ['a file of another kind', [file('notes.txt', 'hello')], 'files.notes.txt', /\.bpmn.*\.form/],
      ['an empty model', [file('empty.bpmn', '')], 'files.empty.bpmn', /empty/],
      ['text that is not XML', [file('model.bpmn', 'this is not XML')], 'files.model.bpmn', /not well-formed XML/],
      ['XML that is not BPMN', [file('model.bpmn', '<?xml version="1.0"?><html><body/></html>')], 'files.model.bpmn', /not a BPMN 2.0 document/],
      ['a form that is not JSON', [file('f.form', '<form/>')], 'files.f.form', /not JSON/],
      ['a form without an id', [file('f.form', '{"components":[]}')], 'files.f.form', /form id/],
      ['one name twice', [file('a.form', '{"id":"a"}'), file('a.form', '{"id":"a"}')], 'files.a.form', /twice/],
      ['a name with a folder', [file('../a.bpmn', 'x')], 'files.../a.bpmn', /plain file name/],
    ])('refuses an upload with %s, naming the file', async (_what, files, path, message) => {
      const error = await refusal(files);
      expect(error.issues).toEqual([expect.objectContaining({ path, message: expect.stringMatching(message) })]);
    });
  });
});
