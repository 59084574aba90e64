import { CloudUploadOutlined, DownloadOutlined, FormOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Card, Drawer, Empty, Form, Input, List, Modal, Progress, Result, Space, Spin, Tag, Typography, Upload } from 'antd';
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ApiError, saveFile } from '../api';
import { formatDateTime } from '../format';
import { useLeaveGuard } from '../leave-guard';
import { clearLocalDraft, readLocalDraft, saveLocalDraft, type LocalDraft } from '../local-draft';
import { useSession } from '../use-session';
import { blankDiagram, createBpmnModeler, type BpmnModeler, type LintIssue } from './bpmn-modeler';
import type { FormEditorHandle } from './form-editor';
import { lintMessageText } from './lint-messages';
import { deploy, deployedForm, listProcessModels, rejectionFindings, versionXml, type DeploymentOutcome, type LintFinding } from './process-models-api';
import './manager.css';

/** form-js's editor, downloaded only when a manager opens a form. */
const FormSchemaEditor = lazy(() => import('./form-editor').then((m) => ({ default: m.FormSchemaEditor })));

/** The canvas marker (and overlay type) of an element the server refused. */
const FINDING_MARKER = 'modeler-finding';

/** A form the model's user tasks use, as the manager has it now. */
interface ModelForm {
  formId: string;
  /** The user tasks referencing it. */
  tasks: string[];
  /** The form as edited in this page; null while it is the deployed one, untouched. */
  edited: Record<string, unknown> | null;
}

/** The unsaved edits kept in the browser: the diagram, the forms edited with it and the resource's name. */
interface DiagramDraft {
  xml: string;
  forms: Record<string, Record<string, unknown>>;
  resource: string;
}

/** Where a deployment is. */
type DeployState =
  | { step: 'asking' }
  | { step: 'sending'; sent: number }
  | { step: 'done'; outcome: DeploymentOutcome };

/**
 * The modeler (`/manager/procedures/:key/edit`, or `/manager/procedures/new` for a blank diagram): bpmn-js with the
 * Camunda 7 properties panel, in Chinese, linting with the server's rules while the manager edits; the forms of its
 * user tasks in form-js's editor; deploys the model with the edited forms, showing the server's objections on the
 * elements they are about. Edits not yet deployed are kept in the browser per user and procedure (`local-draft.ts`)
 * and offered back when the modeler opens again (after a login that followed an expired session); while there are
 * any, the browser warns before the tab is closed and the menu asks before leaving.
 */
export function ModelerPage() {
  const { key } = useParams();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const canvasRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const modelerRef = useRef<BpmnModeler | null>(null);
  const [loading, setLoading] = useState(true);
  const [failure, setFailure] = useState<string | null>(null);
  const [baseVersion, setBaseVersion] = useState<number | null>(null);
  const [resource, setResource] = useState<string>(key ? `${key}.bpmn` : 'process.bpmn');
  const [process, setProcess] = useState<{ id: string; name: string | null } | null>(null);
  const [issues, setIssues] = useState<Record<string, LintIssue[]>>({});
  const [findings, setFindings] = useState<LintFinding[] | null>(null);
  const [forms, setForms] = useState<ModelForm[]>([]);
  const [editing, setEditing] = useState<string | null>(null);
  const [deployment, setDeployment] = useState<DeployState | null>(null);
  const editedForms = useRef(new Map<string, Record<string, unknown>>());
  const userId = useSession()?.user.id ?? '';
  const subject = key ?? 'new';
  // whether the diagram or its forms have edits not deployed; the kept edits offered back when the page opened
  const [dirty, setDirty] = useState(false);
  const [offered, setOffered] = useState<LocalDraft<DiagramDraft> | null>(null);
  /** False while a diagram is imported: the changes an import makes are not the manager's edits. */
  const ready = useRef(false);
  const resourceRef = useRef(resource);
  resourceRef.current = resource;
  const keepTimer = useRef<number | undefined>(undefined);

  /** Keeps the edits in the browser (shortly after the last change). */
  const keepDraft = useCallback(() => {
    setDirty(true);
    window.clearTimeout(keepTimer.current);
    keepTimer.current = window.setTimeout(() => {
      const modeler = modelerRef.current;
      if (!modeler || !userId) return;
      void modeler.exportXml().then(
        (xml) => saveLocalDraft<DiagramDraft>('diagram-draft', userId, subject, { xml, forms: Object.fromEntries(editedForms.current), resource: resourceRef.current }),
        () => undefined,
      );
    }, 250);
  }, [userId, subject]);
  const keepDraftRef = useRef(keepDraft);
  keepDraftRef.current = keepDraft;
  useEffect(() => () => window.clearTimeout(keepTimer.current), []);

  useLeaveGuard(dirty ? { title: t('modeler.leave.title'), content: t('modeler.leave.content'), okText: t('modeler.leave.ok'), cancelText: t('modeler.leave.cancel') } : null);

  /** Reads the model's process and forms again (after every change). */
  const refreshModel = useCallback(() => {
    const modeler = modelerRef.current;
    if (!modeler) return;
    setProcess(modeler.process());
    const byForm = new Map<string, string[]>();
    for (const ref of modeler.formRefs()) byForm.set(ref.formId, [...(byForm.get(ref.formId) ?? []), ref.elementName ?? ref.elementId]);
    setForms([...byForm.entries()].map(([formId, tasks]) => ({ formId, tasks, edited: editedForms.current.get(formId) ?? null })));
  }, []);

  useEffect(() => {
    if (!canvasRef.current || !panelRef.current) return undefined;
    const modeler = createBpmnModeler(canvasRef.current, panelRef.current, i18n.language);
    modelerRef.current = modeler;
    modeler.onLint((found) => setIssues({ ...found }));
    modeler.onChange(() => {
      refreshModel();
      if (ready.current) keepDraftRef.current();
    });
    ready.current = false;
    let current = true;
    (async () => {
      let xml: string;
      if (key) {
        const model = (await listProcessModels()).find((m) => m.key === key);
        if (!model) throw new ApiError(404, 'PROCESS_VERSION_NOT_FOUND', t('modeler.editor.notFound', { key }));
        xml = await versionXml(key, model.latestVersion);
        if (!current) return;
        setBaseVersion(model.latestVersion);
        setResource(model.versions[0]?.resource ?? `${key}.bpmn`);
      } else {
        const id = `Process_${Math.random().toString(36).slice(2, 9)}`;
        xml = blankDiagram(id, t('modeler.editor.blankName'));
        setResource(`${id}.bpmn`);
      }
      if (!current) return;
      await modeler.importXml(xml);
      ready.current = true;
      refreshModel();
      const draft = userId ? readLocalDraft<DiagramDraft>('diagram-draft', userId, key ?? 'new') : null;
      if (draft && current) setOffered(draft);
    })().then(
      () => current && setLoading(false),
      (error: unknown) => {
        if (!current) return;
        setFailure(error instanceof Error ? error.message : String(error));
        setLoading(false);
      },
    );
    return () => {
      current = false;
      modeler.destroy();
      modelerRef.current = null;
    };
    // the modeler is made once per procedure; its labels keep the language it was opened in
  }, [key]);

  /** Brings the kept edits back into the modeler. */
  const restoreDraft = async (draft: LocalDraft<DiagramDraft>) => {
    const modeler = modelerRef.current;
    setOffered(null);
    if (!modeler) return;
    ready.current = false;
    try {
      await modeler.importXml(draft.content.xml);
      editedForms.current = new Map(Object.entries(draft.content.forms ?? {}));
      setResource(draft.content.resource || resource);
      refreshModel();
      setDirty(true);
      message.success(t('modeler.keptDraft.restored'));
    } catch (error) {
      message.error(t('modeler.editor.importFailed', { reason: error instanceof Error ? error.message : String(error) }));
    } finally {
      ready.current = true;
    }
  };

  const discardDraft = () => {
    if (userId) clearLocalDraft('diagram-draft', userId, subject);
    setOffered(null);
    message.info(t('modeler.keptDraft.discarded'));
  };

  const importFile = async (file: File) => {
    const modeler = modelerRef.current;
    if (!modeler) return;
    try {
      ready.current = false;
      const warnings = await modeler.importXml(await file.text()).finally(() => { ready.current = true; });
      keepDraft();
      modeler.clear(FINDING_MARKER);
      setFindings(null);
      refreshModel();
      if (file.name.toLowerCase().endsWith('.bpmn')) setResource(file.name);
      message.success(t('modeler.editor.imported', { name: file.name }));
      if (warnings.length > 0) message.warning(t('modeler.editor.importWarnings', { count: warnings.length }));
    } catch (error) {
      message.error(t('modeler.editor.importFailed', { reason: error instanceof Error ? error.message : String(error) }));
    }
  };

  const downloadXml = async () => {
    const xml = await modelerRef.current?.exportXml();
    if (xml) saveFile(new Blob([xml], { type: 'application/xml' }), resource);
  };

  const selectElement = (elementId: string) => {
    if (!modelerRef.current?.select(elementId)) message.info(t('modeler.findings.noElement', { id: elementId }));
  };

  /** Shows the server's refusal: the list, and a badge on each element it names. */
  const showFindings = (refused: LintFinding[]) => {
    const modeler = modelerRef.current;
    if (!modeler) return;
    modeler.clear(FINDING_MARKER);
    const byElement = new Map<string, LintFinding[]>();
    for (const f of refused) if (f.resource === resource && f.category === 'error') byElement.set(f.elementId, [...(byElement.get(f.elementId) ?? []), f]);
    for (const [elementId, list] of byElement) modeler.mark(elementId, FINDING_MARKER, list.map((f) => lintMessageText(f, i18n.language)).join('\n'));
    setFindings(refused);
  };

  const startDeploy = async (name: string) => {
    const modeler = modelerRef.current;
    if (!modeler) return;
    setDeployment({ step: 'sending', sent: 0 });
    try {
      const files = [{ name: resource, text: await modeler.exportXml() }, ...[...editedForms.current.entries()].map(([id, schema]) => ({ name: `${id}.form`, text: JSON.stringify(schema, null, 2) }))];
      const outcome = await deploy(name, files, (sent) => setDeployment({ step: 'sending', sent }));
      modeler.clear(FINDING_MARKER);
      setFindings(outcome.findings.length > 0 ? outcome.findings : null);
      setDeployment({ step: 'done', outcome });
      // deployed: nothing is left unsaved
      window.clearTimeout(keepTimer.current);
      if (userId) clearLocalDraft('diagram-draft', userId, subject);
      setDirty(false);
      const created = outcome.processDefinitions.find((d) => d.key === (process?.id ?? key));
      if (created) setBaseVersion(created.version);
    } catch (error) {
      setDeployment(null);
      const refused = rejectionFindings(error);
      if (refused) {
        showFindings(refused);
        message.error(t('modeler.deploy.refused', { count: refused.filter((f) => f.category === 'error').length }));
      } else message.error(t('modeler.deploy.failed', { reason: error instanceof Error ? error.message : String(error) }));
    }
  };

  const lintList = Object.entries(issues).flatMap(([elementId, list]) => list.map((issue) => ({ elementId, ...issue })));
  const lintErrors = lintList.filter((i) => i.category === 'error').length;
  const title = process?.name ?? key ?? t('modeler.editor.newTitle');

  return (
    <div className="modeler-page" data-procedure={key ?? ''}>
      <Card
        className="modeler-card"
        title={
          <Space wrap>
            <span>{t('modeler.editor.title', { name: title })}</span>
            {process && <Typography.Text type="secondary" className="modeler-key">{process.id}</Typography.Text>}
            {baseVersion !== null && <Tag data-base-version={baseVersion}>{t('modeler.editor.basedOn', { version: baseVersion })}</Tag>}
          </Space>
        }
        extra={
          <Space wrap>
            <Upload accept=".bpmn,.xml" showUploadList={false} beforeUpload={(file) => (void importFile(file), false)}>
              <Button icon={<UploadOutlined />} data-action="import">{t('modeler.editor.import')}</Button>
            </Upload>
            <Button icon={<DownloadOutlined />} data-action="download" onClick={() => void downloadXml()}>{t('modeler.editor.download')}</Button>
            <Button type="primary" icon={<CloudUploadOutlined />} data-action="deploy" disabled={loading || !!failure} onClick={() => setDeployment({ step: 'asking' })}>
              {t('modeler.deploy.button')}
            </Button>
          </Space>
        }
      >
        {failure && <Alert type="error" showIcon message={t('modeler.loadFailed')} description={failure} className="modeler-alert" />}
        {findings && findings.some((f) => f.category === 'error') && (
          <Alert
            type="error"
            showIcon
            className="modeler-alert server-findings"
            message={t('modeler.findings.title')}
            description={<FindingList findings={findings} onSelect={selectElement} />}
            closable
            onClose={() => {
              modelerRef.current?.clear(FINDING_MARKER);
              setFindings(null);
            }}
          />
        )}
        <Spin spinning={loading}>
          <div className="modeler-layout">
            <div ref={canvasRef} className="modeler-canvas" data-loaded={!loading} />
            <div ref={panelRef} className="modeler-properties" aria-label={t('modeler.editor.properties')} />
          </div>
        </Spin>
      </Card>

      <div className="modeler-side-cards">
        <Card
          size="small"
          className="lint-card"
          title={
            <Space>
              {t('modeler.lint.title')}
              <Badge count={lintList.length} showZero color={lintErrors > 0 ? 'red' : lintList.length > 0 ? 'orange' : 'green'} />
            </Space>
          }
        >
          {lintList.length === 0 ? (
            <Typography.Text type="success">{t('modeler.lint.none')}</Typography.Text>
          ) : (
            <List
              size="small"
              className="lint-list"
              dataSource={lintList}
              renderItem={(issue) => (
                <List.Item className="lint-issue" data-element-id={issue.elementId} data-rule={issue.rule} onClick={() => selectElement(issue.elementId)}>
                  <Space align="start">
                    <Tag color={issue.category === 'error' ? 'red' : 'orange'}>{t(issue.category === 'error' ? 'modeler.error' : 'modeler.warning')}</Tag>
                    <span>
                      <Typography.Link>{issue.elementId}</Typography.Link>：{lintMessageText(issue, i18n.language)}
                      <Typography.Text type="secondary" className="lint-rule"> （{issue.rule}）</Typography.Text>
                    </span>
                  </Space>
                </List.Item>
              )}
            />
          )}
        </Card>

        <Card size="small" className="forms-card" title={t('modeler.forms.title')}>
          {forms.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('modeler.forms.none')} />
          ) : (
            <List
              size="small"
              dataSource={forms}
              renderItem={(form) => (
                <List.Item
                  data-form={form.formId}
                  actions={[
                    <Button key="edit" size="small" icon={<FormOutlined />} data-action="edit-form" onClick={() => setEditing(form.formId)}>
                      {t('modeler.forms.edit')}
                    </Button>,
                  ]}
                >
                  <List.Item.Meta
                    title={
                      <Space>
                        <span className="modeler-key">{form.formId}</span>
                        {form.edited && <Tag color="blue">{t('modeler.forms.edited')}</Tag>}
                      </Space>
                    }
                    description={t('modeler.forms.usedBy', { tasks: form.tasks.join('、') })}
                  />
                </List.Item>
              )}
            />
          )}
        </Card>
      </div>

      {editing && (
        <FormDrawer
          formId={editing}
          edited={editedForms.current.get(editing) ?? null}
          onClose={() => setEditing(null)}
          onKeep={(schema) => {
            editedForms.current.set(editing, schema);
            setEditing(null);
            refreshModel();
            keepDraft();
          }}
        />
      )}

      {offered && (
        <Modal open closable={false} maskClosable={false} keyboard={false} className="kept-draft-modal" title={t('modeler.keptDraft.title')}
          okText={t('modeler.keptDraft.restore')} cancelText={t('modeler.keptDraft.discard')}
          okButtonProps={{ 'data-action': 'restore-draft' }} cancelButtonProps={{ 'data-action': 'discard-draft' }}
          onOk={() => void restoreDraft(offered)} onCancel={discardDraft}>
          {t('modeler.keptDraft.content', { at: formatDateTime(offered.savedAt, i18n.language) })}
        </Modal>
      )}

      {deployment && (
        <DeployModal
          state={deployment}
          defaultName={process?.name ?? process?.id ?? key ?? ''}
          files={[resource, ...[...editedForms.current.keys()].map((id) => `${id}.form`)]}
          lintErrors={lintErrors}
          onDeploy={(name) => void startDeploy(name)}
          onClose={() => setDeployment(null)}
          onDone={(path) => void navigate(path)}
        />
      )}
    </div>
  );
}

/** The server's findings, each a link selecting its element. */
function FindingList({ findings, onSelect }: { findings: LintFinding[]; onSelect: (elementId: string) => void }) {
  const { t, i18n } = useTranslation();
  return (
    <List
      size="small"
      className="finding-list"
      dataSource={findings}
      renderItem={(f) => (
        <List.Item className="server-finding" data-element-id={f.elementId} data-rule={f.rule}>
          <Space align="start" wrap>
            <Tag color={f.category === 'error' ? 'red' : 'orange'}>{t(f.category === 'error' ? 'modeler.error' : 'modeler.warning')}</Tag>
            <Typography.Text type="secondary">{f.resource}</Typography.Text>
            {f.resource.endsWith('.bpmn') && f.elementId ? (
              <Typography.Link onClick={() => onSelect(f.elementId)}>{f.elementName ? `${f.elementName}（${f.elementId}）` : f.elementId}</Typography.Link>
            ) : (
              <span>{f.elementName ?? f.elementId}</span>
            )}
            <span className="finding-message">{lintMessageText(f, i18n.language)}</span>
          </Space>
        </List.Item>
      )}
    />
  );
}

/** The drawer editing form `formId` in form-js's editor: the version edited here, else the deployed one, else a blank form. */
function FormDrawer({ formId, edited, onClose, onKeep }: { formId: string; edited: Record<string, unknown> | null; onClose: () => void; onKeep: (schema: Record<string, unknown>) => void }) {
  const { t } = useTranslation();
  const editor = useRef<FormEditorHandle>(null);
  const [schema, setSchema] = useState<Record<string, unknown> | null>(edited);
  const [fresh, setFresh] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    if (edited) return;
    deployedForm(formId).then(setSchema, (error: unknown) => {
      if (error instanceof ApiError && error.status === 404) {
        setFresh(true);
        setSchema({ id: formId, type: 'default', schemaVersion: 16, executionPlatform: 'Camunda Platform', executionPlatformVersion: '7.23.0', components: [] });
      } else setFailure(error instanceof Error ? error.message : String(error));
    });
  }, [formId, edited]);

  return (
    <Drawer
      open
      width="92%"
      className="form-drawer"
      title={t('modeler.forms.drawerTitle', { id: formId })}
      onClose={onClose}
      extra={
        <Space>
          <Button onClick={onClose}>{t('modeler.cancel')}</Button>
          <Button
            type="primary"
            data-action="keep-form"
            disabled={!schema}
            onClick={() => {
              const current = editor.current?.schema();
              if (current) onKeep(current);
            }}
          >
            {t('modeler.forms.keep')}
          </Button>
        </Space>
      }
    >
      <Alert type="info" showIcon className="modeler-alert" message={t(fresh ? 'modeler.forms.freshNotice' : 'modeler.forms.notice')} />
      {failure && <Alert type="error" showIcon message={t('modeler.loadFailed')} description={failure} />}
      {schema ? (
        <Suspense fallback={<Spin />}>
          <FormSchemaEditor ref={editor} schema={schema} />
        </Suspense>
      ) : (
        !failure && <Spin />
      )}
    </Drawer>
  );
}

/** Asks the deployment's name, shows the upload's progress, then the new version (or that nothing changed). */
function DeployModal(props: {
  state: DeployState;
  defaultName: string;
  files: string[];
  lintErrors: number;
  onDeploy: (name: string) => void;
  onClose: () => void;
  onDone: (path: string) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string }>();
  const { state } = props;
  if (state.step === 'done') {
    const { outcome } = state;
    const definition = outcome.processDefinitions[0];
    return (
      <Modal open footer={null} onCancel={props.onClose} title={t('modeler.deploy.title')}>
        <div className="deploy-result" data-version={definition?.version ?? ''} data-created={outcome.created}>
        <Result
          status={outcome.created ? 'success' : 'info'}
          title={outcome.created && definition ? t('modeler.deploy.created', { version: definition.version }) : t('modeler.deploy.unchanged')}
          subTitle={outcome.findings.length > 0 ? t('modeler.deploy.withWarnings', { count: outcome.findings.length }) : undefined}
          extra={[
            <Button key="list" type="primary" onClick={() => props.onDone('/manager/procedures')}>{t('modeler.deploy.toList')}</Button>,
            definition && definition.version > 1 && (
              <Button key="diff" onClick={() => props.onDone(`/manager/procedures/${encodeURIComponent(definition.key)}/diff?from=${definition.version - 1}&to=${definition.version}`)}>
                {t('modeler.deploy.toDiff')}
              </Button>
            ),
            <Button key="stay" onClick={props.onClose}>{t('modeler.deploy.stay')}</Button>,
          ]}
        />
        </div>
      </Modal>
    );
  }
  const sending = state.step === 'sending';
  return (
    <Modal
      open
      title={t('modeler.deploy.title')}
      okText={t('modeler.deploy.confirm')}
      cancelText={t('modeler.cancel')}
      confirmLoading={sending}
      cancelButtonProps={{ disabled: sending }}
      closable={!sending}
      maskClosable={false}
      onCancel={props.onClose}
      onOk={() => void form.validateFields().then(({ name }) => props.onDeploy(name.trim()))}
    >
      {props.lintErrors > 0 && <Alert type="warning" showIcon className="modeler-alert" message={t('modeler.deploy.lintErrors', { count: props.lintErrors })} />}
      <Form form={form} layout="vertical" initialValues={{ name: props.defaultName }} disabled={sending}>
        <Form.Item name="name" label={t('modeler.deploy.name')} extra={t('modeler.deploy.nameHelp')} rules={[{ required: true, whitespace: true, message: t('modeler.deploy.nameRequired') }, { max: 128 }]}>
          <Input />
        </Form.Item>
      </Form>
      <Typography.Paragraph>
        {t('modeler.deploy.files')}
        {props.files.map((f) => <Tag key={f}>{f}</Tag>)}
      </Typography.Paragraph>
      {sending && (
        <div className="deploy-progress" data-step={state.sent < 1 ? 'uploading' : 'checking'}>
          <Progress percent={Math.round(state.sent * 100)} status="active" />
          <Typography.Text type="secondary">{t(state.sent < 1 ? 'modeler.deploy.uploading' : 'modeler.deploy.checking')}</Typography.Text>
        </div>
      )}
    </Modal>
  );
}
