// The lint messages in Chinese: every message the modeler's rules (bpmnlint:recommended, camunda-compat for Camunda
// 7.23) and the server's deploy check (the same rules, the project rules, the XML reader) can produce, by rule and
// pattern. Used by bpmn-js's `translate` (the lint overlay, which knows only the message) and by the modeler page
// (the lint list and a refused deployment's findings, which know the rule too). No DOM, no bundler imports: the unit
// test runs it against the server's linter.

/** One message of a rule: the English text (a pattern when it has variable parts) and its Chinese text. */
interface LintMessage {
  /** The rule id as bpmnlint and the server name it (`label-required`, `camunda-compat/history-time-to-live`, `project/…`). */
  rule: string;
  pattern: RegExp;
  /** The Chinese text; `$1`, `$2`… are the pattern's groups (the element ids, topics, codes of the English text). */
  zh: string | ((...groups: string[]) => string);
}

/** Chinese names of the BPMN types bpmnlint and the reader mention. */
const TYPE_NAMES: Record<string, string> = {
  'bpmn:ComplexGateway': '复杂网关',
  'bpmn:InclusiveGateway': '包容网关',
  'bpmn:Process': '流程',
  'bpmn:Error': '错误',
  'bpmn:Message': '消息',
  'bpmn:Signal': '信号',
  'bpmn:Escalation': '升级',
};

const typeName = (type: string) => (TYPE_NAMES[type] ? `${TYPE_NAMES[type]}（${type}）` : type);
const scope = (type: string) => (type === 'Sub process' ? '子流程' : '流程');
const exact = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

/** The table: each rule's messages, in the rule's own words (bpmnlint 11, bpmnlint-plugin-camunda-compat 2, src/process-management). */
const MESSAGES: readonly LintMessage[] = [
  // bpmnlint:recommended
  { rule: 'ad-hoc-sub-process', pattern: exact('A <Start Event> is not allowed in <Ad Hoc Sub Process>'), zh: '自由子流程（Ad Hoc Sub Process）中不允许有开始事件' },
  { rule: 'ad-hoc-sub-process', pattern: exact('An <End Event> is not allowed in <Ad Hoc Sub Process>'), zh: '自由子流程（Ad Hoc Sub Process）中不允许有结束事件' },
  { rule: 'conditional-flows', pattern: exact('Sequence flow is missing condition'), zh: '顺序流缺少条件' },
  { rule: 'end-event-required', pattern: /^(Process|Sub process) is missing end event$/, zh: (t) => `${scope(t)}缺少结束事件` },
  { rule: 'event-based-gateway', pattern: exact('An <Event-based Gateway> must have at least 2 outgoing <Sequence Flows>'), zh: '事件网关至少要有 2 条流出的顺序流' },
  { rule: 'event-based-gateway', pattern: exact('A <Sequence Flow> outgoing from an <Event-based Gateway> must not be conditional'), zh: '从事件网关流出的顺序流不能带条件' },
  { rule: 'event-sub-process-typed-start-event', pattern: exact('Start event is missing event definition'), zh: '开始事件缺少事件定义（事件子流程的开始事件须有类型）' },
  { rule: 'fake-join', pattern: exact('Incoming flows do not join'), zh: '多条流入的顺序流并未汇合（请用网关汇合）' },
  { rule: 'global', pattern: exact('Element is missing name'), zh: '元素缺少名称' },
  { rule: 'global', pattern: exact('Element is unused'), zh: '元素未被使用' },
  { rule: 'global', pattern: exact('Element name is not unique'), zh: '元素名称不唯一' },
  { rule: 'label-required', pattern: exact('Element is missing label/name'), zh: '元素缺少标签/名称' },
  { rule: 'link-event', pattern: exact('Link event is missing link name'), zh: '链接事件缺少链接名称' },
  { rule: 'link-event', pattern: /^Link (catch|throw) event with link name <(.*)> missing in scope$/, zh: (kind, name) => `本范围内缺少链接名称为 <${name}> 的链接${kind === 'catch' ? '捕获' : '抛出'}事件` },
  { rule: 'link-event', pattern: /^Duplicate link catch event with link name <(.*)> in scope$/, zh: (name) => `本范围内链接名称为 <${name}> 的链接捕获事件重复` },
  { rule: 'no-bpmndi', pattern: exact('Element is missing bpmndi'), zh: '元素缺少图形信息（BPMNDI）' },
  { rule: 'no-complex-gateway', pattern: /^Element type <(.+)> is discouraged$/, zh: (type) => `不建议使用${typeName(type)}` },
  { rule: 'no-inclusive-gateway', pattern: /^Element type <(.+)> is discouraged$/, zh: (type) => `不建议使用${typeName(type)}` },
  { rule: 'no-disconnected', pattern: exact('Element is not connected'), zh: '元素未连接' },
  { rule: 'no-duplicate-sequence-flows', pattern: exact('SequenceFlow is a duplicate'), zh: '顺序流重复' },
  { rule: 'no-duplicate-sequence-flows', pattern: exact('Duplicate outgoing sequence flows'), zh: '流出的顺序流重复' },
  { rule: 'no-duplicate-sequence-flows', pattern: exact('Duplicate incoming sequence flows'), zh: '流入的顺序流重复' },
  { rule: 'no-gateway-join-fork', pattern: exact('Gateway forks and joins'), zh: '网关同时汇合与分支' },
  { rule: 'no-implicit-split', pattern: exact('Flow splits implicitly'), zh: '流程隐式分支（请用网关分支）' },
  { rule: 'no-implicit-end', pattern: exact('Element is an implicit end'), zh: '元素是隐式结束（请连到结束事件）' },
  { rule: 'no-implicit-start', pattern: exact('Element is an implicit start'), zh: '元素是隐式开始（请从开始事件连入）' },
  { rule: 'no-overlapping-elements', pattern: exact('Element overlaps with other element'), zh: '元素与其他元素重叠' },
  { rule: 'no-overlapping-elements', pattern: exact('Element is outside of parent boundary'), zh: '元素超出了所在容器的边界' },
  { rule: 'single-blank-start-event', pattern: /^(Process|Sub process) has multiple blank start events$/, zh: (t) => `${scope(t)}有多个空白开始事件` },
  { rule: 'single-event-definition', pattern: exact('Event has multiple event definitions'), zh: '事件有多个事件定义' },
  { rule: 'start-event-required', pattern: /^(Process|Sub process) is missing start event$/, zh: (t) => `${scope(t)}缺少开始事件` },
  { rule: 'sub-process-blank-start-event', pattern: exact('Start event must be blank'), zh: '子流程的开始事件必须是空白开始事件' },
  { rule: 'superfluous-gateway', pattern: exact('Gateway is superfluous. It only has one source and target.'), zh: '网关多余：它只有一个来源和一个目标' },
  { rule: 'superfluous-label', pattern: exact('Sequence flow has superfluous label'), zh: '顺序流的标签多余' },
  { rule: 'superfluous-termination', pattern: exact('Termination is superfluous.'), zh: '终止结束事件多余' },
  // plugin:camunda-compat/camunda-platform-7-23
  { rule: 'camunda-compat/history-time-to-live', pattern: exact('Property <historyTimeToLive> should be configured on <bpmn:Process> or engine level.'), zh: '应在流程（bpmn:Process）或引擎级别配置历史保留时间（historyTimeToLive）' },
  // the server's project rules (src/process-management/project-rules.ts, model-linter.ts)
  { rule: 'project/external-topic-has-worker', pattern: exact('Has camunda:type="external" but no camunda:topic'), zh: '设置了 camunda:type="external"，但没有 camunda:topic' },
  { rule: 'project/external-topic-has-worker', pattern: /^Topic '(.*)' is an expression: whether a worker serves it cannot be checked before it runs$/, zh: '主题「$1」是表达式：运行之前无法检查是否有后台处理程序接办它' },
  { rule: 'project/external-topic-has-worker', pattern: /^No worker serves topic '(.*)': its tasks would wait forever \(use a topic of (.+)\)$/, zh: '没有后台处理程序接办主题「$1」：它的任务会一直等待（请用 $2 中的主题）' },
  { rule: 'project/worker-error-caught', pattern: /^The worker of topic '(.*)' may throw BPMN error '(.*)', which nothing catches here: the case would end silently\. Add an error boundary event \(a bpmn:error with errorCode="(.*)"\) or an error event subprocess$/, zh: '主题「$1」的后台处理程序可能抛出 BPMN 错误「$2」，此处却没有捕获：案件会无声无息地结束。请添加错误边界事件（errorCode="$3" 的 bpmn:error）或错误事件子流程' },
  { rule: 'project/form-ref-resolves', pattern: /^camunda:formRef '(.*)' is an expression: whether the form exists cannot be checked before it runs$/, zh: 'camunda:formRef「$1」是表达式：运行之前无法检查该表单是否存在' },
  { rule: 'project/form-ref-resolves', pattern: /^Form '(.*)' is bound to the deployment \(camunda:formRefBinding="deployment"\) but is not in this upload: add its \.form file$/, zh: '表单「$1」绑定到本次部署（camunda:formRefBinding="deployment"），却不在本次上传中：请加上它的 .form 文件' },
  { rule: 'project/form-ref-resolves', pattern: /^Form '(.*)' is neither in this upload nor deployed$/, zh: '表单「$1」既不在本次上传中，也未部署过' },
  { rule: 'project/form-ref-resolves', pattern: /^Form '(.*)' is bound to a version \(camunda:formRefBinding="version"\) but camunda:formRefVersion is missing$/, zh: '表单「$1」绑定到指定版本（camunda:formRefBinding="version"），但缺少 camunda:formRefVersion' },
  { rule: 'project/form-ref-resolves', pattern: /^camunda:formKey names the deployed file '(.*)', which is not in this upload$/, zh: 'camunda:formKey 指向部署中的文件「$1」，但它不在本次上传中' },
  { rule: 'project/error-code-declared', pattern: /^Refers to error '(.*)', which is not declared: add <bpmn:error id="(.*)" errorCode="…"\/> to the definitions$/, zh: '引用的错误「$1」未声明：请在定义中添加 <bpmn:error id="$2" errorCode="…"/>' },
  { rule: 'project/error-code-declared', pattern: /^camunda:errorEventDefinition refers to '(.*)', which is not a bpmn:error with an errorCode$/, zh: 'camunda:errorEventDefinition 引用的「$1」不是带 errorCode 的 bpmn:error' },
  { rule: 'project/error-code-declared', pattern: exact('Throws an error without naming it: set errorRef to a bpmn:error with an errorCode'), zh: '抛出错误却未指明是哪个错误：请把 errorRef 设为带 errorCode 的 bpmn:error' },
  { rule: 'project/error-code-declared', pattern: /^errorRef '(.*)' is a (.+), not a bpmn:error$/, zh: (id, type) => `errorRef「${id}」是 ${typeName(type)}，不是 bpmn:error` },
  { rule: 'project/error-code-declared', pattern: /^Throws error '(.*)', which has no errorCode: a catching event cannot match it$/, zh: '抛出的错误「$1」没有 errorCode：捕获事件无法匹配它' },
  { rule: 'project/error-code-declared', pattern: /^Catches every error: error '(.*)' has no errorCode$/, zh: '会捕获所有错误：错误「$1」没有 errorCode' },
  { rule: 'project/executable-process', pattern: exact('The file has no executable process (isExecutable="true"): deploying it would create no process version'), zh: '文件中没有可执行的流程（isExecutable="true"）：部署它不会产生任何流程版本' },
  { rule: 'project/executable-process', pattern: /^Process id '(.*)' is also in (.+); one deployment holds each process once$/, zh: '流程标识「$1」也出现在 $2 中；一次部署中每个流程只能有一份' },
  { rule: 'project/form-definition', pattern: /^Form id '(.*)' is also the id of (.+); one deployment holds each form once$/, zh: '表单标识「$1」也是 $2 的标识；一次部署中每个表单只能有一份' },
  // the XML reader (bpmn-moddle), first line of its warnings
  { rule: 'bpmn-import', pattern: /^unknown attribute <(.+)>$/, zh: '未知的属性 <$1>' },
  { rule: 'bpmn-import', pattern: /^unresolved reference <(.+)>$/, zh: '无法解析的引用 <$1>' },
  { rule: 'bpmn-import', pattern: /^unparsable content (?:<(.+)> )?detected$/, zh: (element) => (element ? `检测到无法解析的内容 <${element}>` : '检测到无法解析的内容') },
];

/** The Chinese text of `message` by `entry`, or null when the message is not this entry's. */
function render(entry: LintMessage, message: string): string | null {
  const match = entry.pattern.exec(message);
  if (!match) return null;
  const groups = match.slice(1).map((g) => g ?? '');
  return typeof entry.zh === 'function' ? entry.zh(...groups) : entry.zh.replace(/\$(\d)/g, (_, n: string) => groups[Number(n) - 1] ?? '');
}

/**
 * The Chinese text of a lint message whose rule is not known (bpmn-js-bpmnlint hands `translate` only the message),
 * or null when no rule of the table writes it.
 */
export function lintMessageInChinese(message: string): string | null {
  for (const entry of MESSAGES) {
    const text = render(entry, message);
    if (text !== null) return text;
  }
  return null;
}

/**
 * `finding.message` in `language`: for `zh-CN` the Chinese text of its rule's message, the message as written
 * otherwise (English, and messages the table does not know, such as the engine's own).
 */
export function lintMessageText(finding: { rule: string; message: string }, language: string): string {
  if (language !== 'zh-CN') return finding.message;
  const rule = finding.rule.replace(/^bpmnlint\//, '');
  for (const entry of MESSAGES) {
    if (entry.rule !== rule) continue;
    const text = render(entry, finding.message);
    if (text !== null) return text;
  }
  return finding.message;
}

/** The rules the table has messages of. */
export function translatedLintRules(): string[] {
  return [...new Set(MESSAGES.map((m) => m.rule))];
}
