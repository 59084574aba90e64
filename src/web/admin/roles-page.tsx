import { Alert, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RoleDefinition } from './admin-api';
import { roleName, useRoleTable } from './admin-common';

/**
 * 角色权限 (`/admin/roles`, administrators): the server's permission table, read-only — each role with its name, the
 * groups that give it (in a jurisdiction: `<prefix><jurisdiction code>`; or everywhere) and its permissions explained.
 */
export function RolesPage() {
  const { t } = useTranslation();
  const table = useRoleTable();
  const rows = table.value ?? [];

  const columns: TableColumnsType<RoleDefinition> = [
    {
      title: t('admin.roles.role'), key: 'role', width: 150,
      render: (_, r) => (
        <div data-role={r.role}>
          <Typography.Text strong>{roleName(t, r.role, rows)}</Typography.Text>
          <div><Typography.Text type="secondary" className="admin-code">{r.role}</Typography.Text></div>
        </div>
      ),
    },
    {
      title: t('admin.roles.groups'), key: 'groups', width: 260,
      render: (_, r) => (
        <div className="role-groups">
          {r.groupPrefixes.map((p) => (
            <div key={p}>
              <Tag color="geekblue" className="admin-code">{`${p}<${t('admin.roles.code')}>`}</Tag>
              <Typography.Text type="secondary">{t(`admin.groupKind.${p}`, { defaultValue: '' })}</Typography.Text>
            </div>
          ))}
          {r.globalGroups.map((g) => (
            <div key={g}>
              <Tag color="purple" className="admin-code">{g}</Tag>
              <Typography.Text type="secondary">{t('admin.roles.global')}</Typography.Text>
            </div>
          ))}
          {r.groupPrefixes.length + r.globalGroups.length === 0 && <Typography.Text type="secondary">—</Typography.Text>}
        </div>
      ),
    },
    {
      title: t('admin.roles.permissions'), key: 'permissions',
      render: (_, r) => r.permissions.length === 0
        ? <Typography.Text type="secondary">{t('admin.roles.noPermissions')}</Typography.Text>
        : (
          <ul className="role-permissions">
            {r.permissions.map((p) => (
              <li key={p} data-permission={p}>
                <Tooltip title={p}><Typography.Text strong>{t(`admin.permission.${p.replace(/\./g, '_')}.name`, { defaultValue: p })}</Typography.Text></Tooltip>
                <Typography.Text type="secondary">{`：${t(`admin.permission.${p.replace(/\./g, '_')}.explained`, { defaultValue: '' })}`}</Typography.Text>
              </li>
            ))}
          </ul>
        ),
    },
  ];

  return (
    <div className="admin-page">
      <Typography.Title level={3} className="admin-title">{t('admin.roles.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('admin.roles.intro')}</Typography.Paragraph>
      {table.error && <Alert type="error" showIcon message={t('list.loadFailed')} description={table.error} className="admin-alert" />}
      <Table<RoleDefinition> rowKey="role" columns={columns} dataSource={rows} loading={table.loading} pagination={false} scroll={{ x: 800 }} size="middle" />
    </div>
  );
}
