import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { formatDateTime } from '../format';
import { usePagedList } from '../use-paged-list';
import { changeUser, createUser, listGroups, listUsers, resetPassword, type AdminUser, type JurisdictionNode, type PagedList, type RoleDefinition } from './admin-api';
import { errorText, placeFieldErrors, roleName, scopeLabel, unitNames, useJurisdictionTree, useLoaded, useRoleTable } from './admin-common';
import { GroupsField } from './groups-field';

/** The server's password rules (`NewUser` and `PasswordReset` of `users.routes.ts`): 10 characters or more, at most 72 bytes. */
const MIN_PASSWORD_LENGTH = 10;
const MAX_PASSWORD_BYTES = 72;
/** User ids as the server accepts them (`USER_ID_PATTERN` of `src/identity/identity.types.ts`). */
const USER_ID = /^[A-Za-z0-9._@-]{1,64}$/;
const PAGE_SIZES = [10, 20, 50, 100];
/** The search kept in the address. */
const USER_FILTERS = ['q', 'group', 'state'];

type Dialog = { kind: 'create' } | { kind: 'edit'; user: AdminUser } | { kind: 'password'; user: AdminUser } | null;

/**
 * 用户管理 (`/admin/users`, administrators): users found by id or name, group and state, a page at a time (kept in the
 * address); creating a user with its groups chosen as role and jurisdiction, changing its name and groups, disabling
 * or enabling it and resetting its password. Each user's roles are shown as the server derives them from its groups.
 */
export function UsersPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const table = useRoleTable();
  const tree = useJurisdictionTree();
  const groups = useLoaded(listGroups);
  const names = useMemo(() => unitNames(tree.value), [tree.value]);
  const [dialog, setDialog] = useState<Dialog>(null);

  const q = params.get('q') ?? '';
  const group = params.get('group') ?? undefined;
  const state = params.get('state') ?? 'all';
  const list = usePagedList<PagedList<AdminUser>>(
    ({ offset, limit }) => listUsers({ q: q || undefined, group, disabled: state === 'all' ? undefined : state === 'disabled', offset, limit }),
    { filters: USER_FILTERS, keep: true },
  );
  const { page, current, size, loading } = list;
  const error = list.error ? errorText(t, list.error) : null;

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) if (value) next.set(key, value); else next.delete(key);
    if (!('page' in changes)) next.delete('page');
    setParams(next);
  };
  const refresh = () => {
    list.reload();
    groups.reload();
  };

  const setDisabled = async (user: AdminUser, disabled: boolean) => {
    try {
      await changeUser(user.id, { disabled });
      void message.success(t(disabled ? 'admin.users.disabledDone' : 'admin.users.enabledDone', { user: user.id }));
      refresh();
    } catch (e) {
      void message.error(errorText(t, e));
    }
  };

  const roleTable = table.value ?? [];
  const columns: TableColumnsType<AdminUser> = [
    { title: t('admin.users.id'), dataIndex: 'id', key: 'id', width: 160 },
    { title: t('admin.users.name'), dataIndex: 'name', key: 'name', width: 140 },
    {
      title: t('admin.users.roles'), key: 'roles',
      render: (_, user) => (
        <div className="user-roles" data-user-roles={user.id}>
          {user.roles.length === 0 && <Typography.Text type="secondary">{t('admin.users.noRoles')}</Typography.Text>}
          {user.roles.map((r) => (
            <Tag key={`${r.group}/${r.role}`} color="blue" title={r.group}>{`${roleName(t, r.role, roleTable)} · ${scopeLabel(t, r.scope, names)}`}</Tag>
          ))}
        </div>
      ),
    },
    {
      title: t('admin.users.state'), key: 'state', width: 90,
      render: (_, user) => (
        <Space size={4} wrap>
          {user.disabled ? <Tag color="red">{t('admin.users.disabled')}</Tag> : <Tag color="green">{t('admin.users.enabled')}</Tag>}
          {user.passwordChangeRequired && <Tag color="orange" data-user-flag="password-change-required">{t('admin.users.initialPassword')}</Tag>}
        </Space>
      ),
    },
    { title: t('admin.users.createdAt'), key: 'createdAt', width: 150, render: (_, user) => formatDateTime(user.createdAt, i18n.language) },
    {
      title: t('admin.actions'), key: 'actions', width: 220,
      render: (_, user) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => setDialog({ kind: 'edit', user })}>{t('admin.users.edit')}</Button>
          {/* the workers' technical account is never disabled nor given a password (the server refuses both) */}
          {!user.groups.includes('worker') && <Button type="link" size="small" onClick={() => setDialog({ kind: 'password', user })}>{t('admin.users.resetPassword')}</Button>}
          {!user.groups.includes('worker') && <Popconfirm
            title={t(user.disabled ? 'admin.users.confirmEnable' : 'admin.users.confirmDisable', { user: user.id })}
            okText={t('admin.confirm')}
            cancelText={t('admin.cancel')}
            onConfirm={() => void setDisabled(user, !user.disabled)}
          >
            <Button type="link" size="small" danger={!user.disabled}>{t(user.disabled ? 'admin.users.enable' : 'admin.users.disable')}</Button>
          </Popconfirm>}
        </Space>
      ),
    },
  ];

  return (
    <div className="admin-page">
      <div className="admin-title-row">
        <Typography.Title level={3} className="admin-title">{t('admin.users.title')}</Typography.Title>
        <Space>
          <Button icon={<ReloadOutlined />} onClick={refresh}>{t('admin.refresh')}</Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })} disabled={!table.value || !tree.value}>{t('admin.users.create')}</Button>
        </Space>
      </div>
      <Space wrap className="admin-filters">
        <Input.Search aria-label={t('admin.users.search')} placeholder={t('admin.users.search')} defaultValue={q} allowClear onSearch={(v) => update({ q: v.trim() || undefined })} className="admin-search" />
        <Select
          aria-label={t('admin.users.group')}
          placeholder={t('admin.users.anyGroup')}
          allowClear
          showSearch
          value={group}
          onChange={(g: string | undefined) => update({ group: g })}
          className="admin-group-filter"
          popupMatchSelectWidth={false}
          options={(groups.value?.items ?? []).map((g) => ({ value: g.id, label: `${g.id}（${t('admin.users.members', { count: g.members })}）` }))}
        />
        <Select
          aria-label={t('admin.users.state')}
          value={state}
          onChange={(s: string) => update({ state: s === 'all' ? undefined : s })}
          options={['all', 'enabled', 'disabled'].map((s) => ({ value: s, label: t(`admin.users.stateFilter.${s}`) }))}
          className="admin-state-filter"
        />
      </Space>
      {(error ?? table.error ?? tree.error) && <Alert type="error" showIcon message={t('list.loadFailed')} description={error ?? table.error ?? tree.error} className="admin-alert" />}
      <Table<AdminUser>
        rowKey="id"
        columns={columns}
        dataSource={page?.items ?? []}
        loading={loading}
        scroll={{ x: 900 }}
        size="middle"
        pagination={{
          current, pageSize: size, total: page?.total ?? 0, pageSizeOptions: PAGE_SIZES, showSizeChanger: true,
          showTotal: (total) => t('list.total', { count: total }),
          onChange: (p, s) => update({ page: String(p), size: String(s) }),
        }}
      />
      {dialog && (dialog.kind === 'password'
        ? <PasswordDialog user={dialog.user} onClose={() => setDialog(null)} />
        : <UserDialog user={dialog.kind === 'edit' ? dialog.user : null} table={roleTable} tree={tree.value ?? []} names={names} onClose={(changed) => {
          setDialog(null);
          if (changed) refresh();
        }} />)}
    </div>
  );
}

/** The rules of a new password: the server's length rules, said in the current language. */
function passwordRules(t: TFunction) {
  return [
    { required: true, message: t('admin.users.passwordRequired') },
    { min: MIN_PASSWORD_LENGTH, message: t('admin.users.passwordTooShort', { count: MIN_PASSWORD_LENGTH }) },
    { validator: (_: unknown, v: string | undefined) => (v && new TextEncoder().encode(v).length > MAX_PASSWORD_BYTES ? Promise.reject(new Error(t('admin.users.passwordTooLong', { count: MAX_PASSWORD_BYTES }))) : Promise.resolve()) },
  ];
}

/** The rule that the repeated password is the same. */
function confirmRule(t: TFunction) {
  return ({ getFieldValue }: { getFieldValue: (name: string) => unknown }) => ({
    validator: (_: unknown, v: string | undefined) => (!v || v === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('admin.users.passwordMismatch')))),
  });
}

interface UserValues {
  id: string;
  name: string;
  password: string;
  confirm: string;
  passwordChangeRequired: boolean;
  groups: string[];
}

/** Creates a user (`user` null) or changes a user's name and groups. */
function UserDialog({ user, table, tree, names, onClose }: { user: AdminUser | null; table: readonly RoleDefinition[]; tree: readonly JurisdictionNode[]; names: ReadonlyMap<string, string>; onClose: (changed: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<UserValues>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (values: UserValues) => {
    setBusy(true);
    setProblem(null);
    try {
      if (user) await changeUser(user.id, { name: values.name, groups: values.groups ?? [] });
      else await createUser({ id: values.id, name: values.name, password: values.password, passwordChangeRequired: values.passwordChangeRequired, groups: values.groups ?? [] });
      void message.success(t(user ? 'admin.users.saved' : 'admin.users.created', { user: user?.id ?? values.id }));
      onClose(true);
    } catch (e) {
      const rest = placeFieldErrors(form, e, ['id', 'name', 'password', 'passwordChangeRequired', 'groups'], t);
      if (rest.length) setProblem(rest.join('；'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={user ? t('admin.users.editTitle', { user: user.id }) : t('admin.users.createTitle')}
      onCancel={() => onClose(false)}
      onOk={() => form.submit()}
      okText={t('admin.save')}
      cancelText={t('admin.cancel')}
      confirmLoading={busy}
      width={720}
      destroyOnHidden
    >
      {problem && <Alert type="error" showIcon message={problem} className="admin-alert" />}
      <Form<UserValues> form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ name: user?.name, groups: user?.groups ?? [], passwordChangeRequired: true }}>
        {!user && (
          <Form.Item name="id" label={t('admin.users.id')} extra={t('admin.users.idHint')} rules={[{ required: true, message: t('admin.users.idRequired') }, { pattern: USER_ID, message: t('admin.users.idInvalid') }]}>
            <Input autoComplete="off" />
          </Form.Item>
        )}
        <Form.Item name="name" label={t('admin.users.name')} rules={[{ required: true, whitespace: true, message: t('admin.users.nameRequired') }, { max: 64 }]}>
          <Input />
        </Form.Item>
        {!user && (
          <>
            <Form.Item name="password" label={t('admin.users.password')} extra={t('admin.users.passwordHint', { min: MIN_PASSWORD_LENGTH })} rules={passwordRules(t)}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Form.Item name="confirm" label={t('admin.users.confirmPassword')} dependencies={['password']} rules={[{ required: true, message: t('admin.users.passwordRequired') }, confirmRule(t)]}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Form.Item name="passwordChangeRequired" valuePropName="checked">
              <Checkbox data-field="passwordChangeRequired">{t('admin.users.changeAtLogin')}</Checkbox>
            </Form.Item>
          </>
        )}
        <Form.Item name="groups" label={t('admin.users.groups')} extra={t('admin.users.groupsHint')}>
          <GroupsField table={table} tree={tree} names={names} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Sets a new password for a user. */
function PasswordDialog({ user, onClose }: { user: AdminUser; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string; confirm: string; passwordChangeRequired: boolean }>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async ({ password, passwordChangeRequired }: { password: string; passwordChangeRequired: boolean }) => {
    setBusy(true);
    setProblem(null);
    try {
      await resetPassword(user.id, password, passwordChangeRequired);
      void message.success(t('admin.users.passwordReset', { user: user.id }));
      onClose();
    } catch (e) {
      const rest = placeFieldErrors(form, e, ['password'], t);
      if (rest.length) setProblem(rest.join('；'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open title={t('admin.users.passwordTitle', { user: user.id })} onCancel={onClose} onOk={() => form.submit()} okText={t('admin.save')} cancelText={t('admin.cancel')} confirmLoading={busy} destroyOnHidden>
      {problem && <Alert type="error" showIcon message={problem} className="admin-alert" />}
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ passwordChangeRequired: true }}>
        <Form.Item name="password" label={t('admin.users.newPassword')} extra={t('admin.users.passwordHint', { min: MIN_PASSWORD_LENGTH })} rules={passwordRules(t)}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="confirm" label={t('admin.users.confirmPassword')} dependencies={['password']} rules={[{ required: true, message: t('admin.users.passwordRequired') }, confirmRule(t)]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="passwordChangeRequired" valuePropName="checked">
          <Checkbox data-field="passwordChangeRequired">{t('admin.users.changeAtLogin')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
