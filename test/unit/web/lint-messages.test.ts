import { Bpmnlint, ModelLinter, PROJECT_RULES, type LintFinding, type UploadedFile } from '../../../src/process-management/index.js';
import { lintMessageInChinese, lintMessageText, translatedLintRules } from '../../../src/web/manager/lint-messages.js';
import { WORKERS } from '../../../src/workers/index.js';
import { bpmnProcess } from '../../helpers/bpmn.js';

const bpmnlint = Bpmnlint.fromFile('bpmn/.bpmnlintrc');
const linter = new ModelLinter({ bpmnlint, workers: WORKERS });
const CJK = /[\u4e00-\u9fff]/;

function file(name: string, content: string): UploadedFile {
  return { name, bytes: Buffer.from(content, 'utf8') };
}

/** A model breaking as many rules as one process can: no diagram, no history time to live, bad gateways, flows, events, topics, forms and errors. */
const BROKEN = bpmnProcess('broken', `
    <bpmn:startEvent id="Start_A" />
    <bpmn:startEvent id="Start_B" name="另一个开始" />
    <bpmn:serviceTask id="Task_Unknown" name="传真" camunda:type="external" camunda:topic="send-fax" />
    <bpmn:serviceTask id="Task_NoTopic" name="无主题" camunda:type="external" />
    <bpmn:serviceTask id="Task_Dynamic" name="动态主题" camunda:type="external" camunda:topic="\${topic}" />
    <bpmn:userTask id="Task_Form" name="审核" camunda:formRef="nowhere" />
    <bpmn:userTask id="Task_Bound" name="绑定部署" camunda:formRef="bound-form" camunda:formRefBinding="deployment" />
    <bpmn:userTask id="Task_Key" name="表单键" camunda:formKey="camunda-forms:deployment:missing.form" />
    <bpmn:task id="Task_Alone" name="孤立" />
    <bpmn:exclusiveGateway id="Gateway_Both" name="既分又合" />
    <bpmn:inclusiveGateway id="Gateway_Inclusive" name="包容" />
    <bpmn:complexGateway id="Gateway_Complex" name="复杂" />
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start_A" targetRef="Gateway_Both" />
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Start_B" targetRef="Gateway_Both" />
    <bpmn:sequenceFlow id="Flow_3" sourceRef="Gateway_Both" targetRef="Task_Unknown" />
    <bpmn:sequenceFlow id="Flow_4" sourceRef="Gateway_Both" targetRef="Task_NoTopic" />
    <bpmn:sequenceFlow id="Flow_5" sourceRef="Task_Unknown" targetRef="Task_Form" />
    <bpmn:sequenceFlow id="Flow_6" sourceRef="Task_Unknown" targetRef="Task_Form" />
    <bpmn:sequenceFlow id="Flow_7" sourceRef="Task_NoTopic" targetRef="Task_Form" name="多余的标签" />
    <bpmn:endEvent id="End_NoError" name="抛错"><bpmn:errorEventDefinition /></bpmn:endEvent>
    <bpmn:endEvent id="End_Undeclared" name="未声明"><bpmn:errorEventDefinition errorRef="Error_Nowhere" /></bpmn:endEvent>
    <bpmn:intermediateThrowEvent id="Link_Throw" name="跳转"><bpmn:linkEventDefinition name="nowhere" /></bpmn:intermediateThrowEvent>
    <bpmn:intermediateCatchEvent id="Event_Two" name="两个定义"><bpmn:messageEventDefinition /><bpmn:timerEventDefinition /></bpmn:intermediateCatchEvent>
    <bpmn:subProcess id="Sub_Empty" name="空子流程"><bpmn:task id="Task_InSub" name="子任务" /></bpmn:subProcess>`);

describe('the lint messages in Chinese', () => {
  let findings: LintFinding[];

  beforeAll(async () => {
    ({ findings } = await linter.lint([file('broken.bpmn', BROKEN)], new Set()));
  });

  it('has a Chinese text for every finding the server finds in a broken model, keeping its ids, topics and forms', () => {
    // the model provokes bpmnlint's, camunda-compat's and the project's rules alike
    const rules = new Set(findings.map((f) => f.rule));
    for (const rule of ['label-required', 'no-bpmndi', 'no-disconnected', 'single-blank-start-event', 'no-inclusive-gateway', 'no-complex-gateway', 'camunda-compat/history-time-to-live', PROJECT_RULES.externalTopic, PROJECT_RULES.formRef, PROJECT_RULES.errorCode]) {
      expect(rules).toContain(rule);
    }
    const untranslated = findings.filter((f) => !CJK.test(lintMessageText(f, 'zh-CN'))).map((f) => `${f.rule}: ${f.message}`);
    expect(untranslated).toEqual([]);
    const topic = findings.find((f) => f.elementId === 'Task_Unknown' && f.rule === PROJECT_RULES.externalTopic);
    expect(topic && lintMessageText(topic, 'zh-CN')).toBe('没有后台处理程序接办主题「send-fax」：它的任务会一直等待（请用 src/workers/topics.ts 中的主题）');
    const form = findings.find((f) => f.elementId === 'Task_Form' && f.rule === PROJECT_RULES.formRef);
    expect(form && lintMessageText(form, 'zh-CN')).toBe('表单「nowhere」既不在本次上传中，也未部署过');
  });

  it('translates the same messages without their rule, as bpmn-js-bpmnlint hands them to bpmn-js translate', () => {
    for (const f of findings.filter((x) => x.rule !== PROJECT_RULES.engine)) {
      expect([f.message, lintMessageInChinese(f.message)]).toEqual([f.message, lintMessageText(f, 'zh-CN')]);
    }
    expect(lintMessageInChinese('Element is missing label/name')).toBe('元素缺少标签/名称');
    expect(lintMessageInChinese('Element type <bpmn:InclusiveGateway> is discouraged')).toBe('不建议使用包容网关（bpmn:InclusiveGateway）');
    expect(lintMessageInChinese('Sub process is missing end event')).toBe('子流程缺少结束事件');
    expect(lintMessageInChinese('Link catch event with link name <next> missing in scope')).toBe('本范围内缺少链接名称为 <next> 的链接捕获事件');
  });

  it('has messages for every rule the modeler and the server lint with (bpmn/.bpmnlintrc) and for the project rules', async () => {
    // the rules as bpmnlint resolves the configuration (Node's own require, as src/process-management/bpmnlint.ts)
    const nodeRequire = process.getBuiltinModule('node:module').createRequire(import.meta.url);
    const { Linter } = nodeRequire('bpmnlint') as { Linter: new (o: object) => { resolveRules(config: object): Promise<Array<{ name: string }>> } };
    const NodeResolver = nodeRequire('bpmnlint/lib/resolver/node-resolver') as new (o: object) => unknown;
    const configured = await new Linter({ config: bpmnlint.config, resolver: new NodeResolver({ require: nodeRequire }) }).resolveRules(bpmnlint.config);
    const projectRules = Object.values(PROJECT_RULES).filter((r) => r !== PROJECT_RULES.engine);
    const translated = new Set(translatedLintRules());
    expect([...configured.map((r) => r.name), ...projectRules].filter((rule) => !translated.has(rule))).toEqual([]);
  });

  it('leaves the messages English in English, and a message it does not know (the engine’s own) as the server wrote it', () => {
    const finding = { rule: 'label-required', message: 'Element is missing label/name' };
    expect(lintMessageText(finding, 'en')).toBe('Element is missing label/name');
    expect(lintMessageText({ rule: PROJECT_RULES.engine, message: 'ENGINE-01009 Error while parsing process' }, 'zh-CN')).toBe('ENGINE-01009 Error while parsing process');
    // a message of another rule is not translated under this one
    expect(lintMessageText({ rule: 'no-disconnected', message: 'Element is missing label/name' }, 'zh-CN')).toBe('Element is missing label/name');
    expect(lintMessageInChinese('Something else entirely')).toBeNull();
  });
});
