import { CheckOutlined, SettingOutlined } from '@ant-design/icons';
import { Alert, App, Badge, Button, Checkbox, Drawer, Form, Input, List, Pagination, Segmented, Select, Space, Spin, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useOutletContext, useSearchParams } from 'react-router';
import { fieldIssues, get, post, problemText, put } from '../api';
import { formatDateTime } from '../format';
import { isApplicantSession, useAccess, type Access } from '../use-access';
import { TASK_LISTS } from '../task-list-page';
import { caseFilePath } from './officer-api';
import './officer.css';

/** The kinds of notification (the server's `NOTIFICATION_KINDS`). */
const KINDS = ['assignment', 'carbon-copy', 'urge', 'correction', 'warning', 'escalation', 'status', 'document'] as const;

/** A kind of notification. */
type NotificationKind = (typeof KINDS)[number];

/**
 * What a notification is about (the server's `NotificationSubject`): a task (task id), a case file (process instance
 * id), an application (its id) or a task list (its name).
 */
interface NotificationSubject {
  kind: 'task' | 'case-file' | 'application' | 'task-list';
  id: string;
}

/** A notification of the caller's inbox (`GET /api/inbox`). */
interface Notification {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  applicationId: string | null;
  /** Null on notifications stored before subjects were recorded. */
  subject: NotificationSubject | null;
  createdAt: string;
  readAt: string | null;
}

/** Answer of `GET` and `PUT /api/me/notification-settings`. */
interface NotificationSettings {
  email: string | null;
  mobile: string | null;
  emailKinds: NotificationKind[];
  smsKinds: NotificationKind[];
  kinds: NotificationKind[];
  channels: Array<'email' | 'sms'>;
}

const PAGE_SIZE = 20;

/**
 * 消息 (`/inbox`), for every signed-in user: the notifications newest first, read or unread, narrowed to the unread
 * or to one kind (kept in the address); opening one marks it read and opens what it is about (the task, the case file,
 * the application or 待办); all can be marked read at once; and the user's notification settings (which kinds also go by
 * e-mail or SMS, through the channels this installation has).
 */
export function InboxPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const access = useAccess();
  const shell = useOutletContext<{ refreshCounts?: () => void } | undefined>();
  const [params, setParams] = useSearchParams();
  const unreadOnly = params.get('unread') === 'true';
  const kind = KINDS.find((k) => k === params.get('kind'));
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [answer, setAnswer] = useState<{ items: Notification[]; total: number; unread: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [settingsOpen, setSettingsOpen] = useState(false);

  useEffect(() => {
    let current = true;
    get<{ items: Notification[]; total: number; unread: number }>('/api/inbox', { unread: unreadOnly ? 'true' : undefined, kind, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE }).then(
      (a) => current && (setAnswer(a), setError(null)),
      (e: unknown) => current && setError(problemText(e, t)),
    );
    return () => {
      current = false;
    };
  }, [unreadOnly, kind, page, attempt]);

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next);
  };

  const refresh = useCallback(() => {
    setAttempt((a) => a + 1);
    shell?.refreshCounts?.();
  }, [shell]);

  const open = async (n: Notification, replace = false) => {
    try {
      if (!n.readAt) await post(`/api/inbox/${encodeURIComponent(n.id)}/read`);
      const target = access ? await linkOf(n, access) : null;
      if (target) void navigate(target, { replace });
      else refresh();
    } catch (e) {
      void message.error(problemText(e, t));
      refresh();
    }
  };

  // the link of an e-mail (`/inbox?open=<id>`): opens that notification as a click on it would, once
  const opening = params.get('open');
  useEffect(() => {
    if (!opening || !access) return undefined;
    let current = true;
    const done = () => {
      const next = new URLSearchParams(params);
      next.delete('open');
      setParams(next, { replace: true });
    };
    get<{ items: Notification[] }>('/api/inbox', { id: opening }).then(
      (a) => {
        if (!current) return;
        const n = a.items[0];
        if (n) void open(n, true);
        else {
          void message.warning(t('inbox.notFound'));
          done();
        }
      },
      (e: unknown) => {
        if (!current) return;
        void message.error(problemText(e, t));
        done();
      },
    );
    return () => {
      current = false;
    };
  }, [opening, access]);

  const readAll = async () => {
    try {
      const { marked } = await post<{ marked: number }>('/api/inbox/read-all', kind ? { kind } : {});
      void message.success(t('inbox.markedAll', { count: marked }));
      refresh();
    } catch (e) {
      void message.error(problemText(e, t));
    }
  };

  return (
    <div className="inbox-page">
      <Space wrap align="center" style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('inbox.title')} {answer && answer.unread > 0 && <Badge count={answer.unread} overflowCount={999} className="inbox-unread-count" />}
        </Typography.Title>
        <Button icon={<SettingOutlined />} onClick={() => setSettingsOpen(true)} data-action="settings">{t('inbox.settings')}</Button>
      </Space>
      <Space wrap className="inbox-toolbar" style={{ marginTop: 12 }}>
        <Segmented value={unreadOnly ? 'unread' : 'all'} options={[{ value: 'all', label: t('inbox.all') }, { value: 'unread', label: t('inbox.unreadOnly') }]}
          onChange={(v) => update({ unread: v === 'unread' ? 'true' : undefined, page: undefined })} />
        <Select allowClear style={{ minWidth: 140 }} placeholder={t('inbox.kindFilter')} aria-label={t('inbox.kindFilter')} value={kind}
          options={KINDS.map((k) => ({ value: k, label: t(`inbox.kind.${k}`) }))} onChange={(v?: string) => update({ kind: v, page: undefined })} />
        <Button icon={<CheckOutlined />} onClick={() => void readAll()} disabled={!answer || answer.unread === 0} data-action="read-all">{t('inbox.readAll')}</Button>
      </Space>
      {error && <Alert type="error" showIcon message={t('list.loadFailed')} description={error} action={<Button size="small" onClick={refresh}>{t('list.retry')}</Button>} />}
      {!answer && !error ? <Spin /> : (
        <List<Notification>
          dataSource={answer?.items ?? []}
          locale={{ emptyText: t('inbox.empty') }}
          renderItem={(n) => (
            <List.Item className={`inbox-item${n.readAt ? '' : ' unread'}`} data-notification={n.id} data-read={n.readAt ? 'true' : 'false'}
              role="link" tabIndex={0} onClick={() => void open(n)} onKeyDown={(e) => { if (e.key === 'Enter') void open(n); }}>
              <List.Item.Meta
                avatar={<Badge dot={!n.readAt} />}
                title={
                  <Space wrap size={4}>
                    <span className="inbox-title">{n.title}</span>
                    <Tag>{t(`inbox.kind.${n.kind}`)}</Tag>
                    <Tag color={n.readAt ? 'default' : 'orange'}>{n.readAt ? t('inbox.read') : t('inbox.unread')}</Tag>
                  </Space>
                }
                description={<><div className="inbox-body">{n.body}</div><Typography.Text type="secondary">{formatDateTime(n.createdAt, i18n.language)}</Typography.Text></>}
              />
            </List.Item>
          )}
        />
      )}
      {answer && answer.total > PAGE_SIZE && (
        <Pagination current={page} pageSize={PAGE_SIZE} total={answer.total} simple onChange={(p) => update({ page: p > 1 ? String(p) : undefined })} style={{ marginTop: 12 }} />
      )}
      <SettingsDrawer open={settingsOpen} onClose={() => setSettingsOpen(false)} />
    </div>
  );
}

/**
 * Where a notification leads: its subject's page (the task, the case file, the application — for an officer its case
 * file —, or a task list). A notification stored before subjects were recorded leads where its application or kind
 * suggests: the application, else the list its kind belongs to (待办 for assignments, reminders and deadline warnings,
 * 抄送我的 for copies).
 */
async function linkOf(n: Notification, access: Access): Promise<string | null> {
  const { subject } = n;
  if (subject?.kind === 'task') return `/tasks/${encodeURIComponent(subject.id)}`;
  if (subject?.kind === 'case-file') return caseFilePath(subject.id);
  if (subject?.kind === 'task-list') return (TASK_LISTS as readonly string[]).includes(subject.id) ? `/${subject.id}` : null;
  const applicationId = subject?.kind === 'application' ? subject.id : n.applicationId;
  if (isApplicantSession(access)) return applicationId ? `/company/applications/${encodeURIComponent(applicationId)}` : null;
  if (applicationId && access.permissions.has('application.read')) {
    const application = await get<{ processInstanceId: string | null }>(`/api/applications/${encodeURIComponent(applicationId)}`).catch(() => null);
    if (application?.processInstanceId) return caseFilePath(application.processInstanceId);
  }
  if (subject || !access.permissions.has('workbench')) return null;
  if (n.kind === 'carbon-copy') return '/copies';
  if (n.kind === 'assignment' || n.kind === 'urge' || n.kind === 'warning' || n.kind === 'escalation') return '/todo';
  return null;
}

/** The user's notification settings: contacts, and per kind whether it also goes by e-mail or SMS (where the system sends them). */
function SettingsDrawer({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ email: string; mobile: string; emailKinds: NotificationKind[]; smsKinds: NotificationKind[] }>();
  const [settings, setSettings] = useState<NotificationSettings | null>(null);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (!open) return;
    get<NotificationSettings>('/api/me/notification-settings').then((s) => {
      setSettings(s);
      form.setFieldsValue({ email: s.email ?? '', mobile: s.mobile ?? '', emailKinds: s.emailKinds, smsKinds: s.smsKinds });
    }, (e: unknown) => setProblem(problemText(e, t)));
  }, [open, form]);
  const save = async (values: { email: string; mobile: string; emailKinds: NotificationKind[]; smsKinds: NotificationKind[] }) => {
    setSaving(true);
    setProblem(null);
    try {
      const saved = await put<NotificationSettings>('/api/me/notification-settings', {
        email: values.email ?? '', mobile: values.mobile ?? '', ...(settings?.channels.includes('email') ? { emailKinds: values.emailKinds ?? [] } : {}),
        ...(settings?.channels.includes('sms') ? { smsKinds: values.smsKinds ?? [] } : {}),
      });
      setSettings(saved);
      void message.success(t('inbox.saved'));
    } catch (e) {
      const issues = fieldIssues(e);
      form.setFields(issues.map((i) => ({ name: i.path as 'email', errors: [i.message] })));
      if (issues.length === 0) setProblem(problemText(e, t));
    } finally {
      setSaving(false);
    }
  };
  const kindOptions = (settings?.kinds ?? [...KINDS]).map((k) => ({ value: k, label: t(`inbox.kind.${k}`) }));
  return (
    <Drawer open={open} onClose={onClose} title={t('inbox.settingsTitle')} width={Math.min(420, typeof window === 'undefined' ? 420 : window.innerWidth)} className="notification-settings">
      <Typography.Paragraph type="secondary">{t('inbox.settingsHint')}</Typography.Paragraph>
      {problem && <Alert type="error" showIcon message={problem} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => void save(v)}>
        <Form.Item name="email" label={t('inbox.email')}><Input type="email" maxLength={255} /></Form.Item>
        <Form.Item name="mobile" label={t('inbox.mobile')}><Input inputMode="tel" maxLength={32} /></Form.Item>
        {(['email', 'sms'] as const).map((channel) => (
          <Form.Item key={channel} name={channel === 'email' ? 'emailKinds' : 'smsKinds'} label={t(channel === 'email' ? 'inbox.emailKinds' : 'inbox.smsKinds')}
            extra={settings && !settings.channels.includes(channel) ? t('inbox.channelOff', { channel: t(`inbox.channel.${channel}`) }) : undefined}>
            <Checkbox.Group options={kindOptions} disabled={!settings?.channels.includes(channel)} />
          </Form.Item>
        ))}
        <Button type="primary" htmlType="submit" loading={saving}>{t('inbox.save')}</Button>
      </Form>
    </Drawer>
  );
}
