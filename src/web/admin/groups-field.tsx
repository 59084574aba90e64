import { PlusOutlined } from '@ant-design/icons';
import { Button, Select, Space, Tag, TreeSelect, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JurisdictionNode, RoleDefinition } from './admin-api';
import { meaningsOf, roleName, scopeLabel } from './admin-common';

/** Props of {@link GroupsField}: an antd form control holding group ids. */
export interface GroupsFieldProps {
  value?: string[];
  onChange?: (groups: string[]) => void;
  table: readonly RoleDefinition[];
  tree: readonly JurisdictionNode[];
  names: ReadonlyMap<string, string>;
}

interface TreeOption {
  value: string;
  title: string;
  children: TreeOption[];
}

const toOptions = (nodes: readonly JurisdictionNode[]): TreeOption[] => nodes.map((n) => ({ value: n.code, title: `${n.name}（${n.code}）`, children: toOptions(n.children) }));

/**
 * A user's groups, each shown as the role and jurisdiction it gives; a group is added by choosing a role of the
 * permission table, the kind of group when the role has several (审批 or 审定, 派出所 or 中队…) and, for a
 * jurisdiction-bound role, a unit of the tree: together they make the group id `<prefix><jurisdiction code>`.
 */
export function GroupsField({ value = [], onChange, table, tree, names }: GroupsFieldProps) {
  const { t } = useTranslation();
  const [role, setRole] = useState<string | undefined>();
  const [kind, setKind] = useState<string | undefined>();
  const [scope, setScope] = useState<string | undefined>();
  const definition = table.find((r) => r.role === role);
  const kinds = definition ? [...definition.groupPrefixes, ...definition.globalGroups] : [];
  const chosenKind = kind ?? kinds[0];
  const bound = !!chosenKind && !!definition?.groupPrefixes.includes(chosenKind);
  const composed = chosenKind ? (bound ? (scope ? `${chosenKind}${scope}` : null) : chosenKind) : null;
  const treeData = useMemo(() => toOptions(tree), [tree]);
  const assignable = table.filter((r) => r.groupPrefixes.length + r.globalGroups.length > 0);

  const add = () => {
    if (!composed || value.includes(composed)) return;
    onChange?.([...value, composed]);
    setScope(undefined);
  };

  return (
    <div className="groups-field">
      <div className="groups-current" data-testid="user-groups">
        {value.length === 0 && <Typography.Text type="secondary">{t('admin.users.noGroups')}</Typography.Text>}
        {value.map((group) => {
          const meanings = meaningsOf(group, table);
          return (
            <Tag key={group} closable onClose={() => onChange?.(value.filter((g) => g !== group))} data-group={group} color={meanings.length ? 'blue' : 'default'}>
              {meanings.length
                ? meanings.map((m) => `${roleName(t, m.role.role, table)} · ${scopeLabel(t, m.scope, names)}`).join('；')
                : t('admin.users.unknownGroup', { group })}
            </Tag>
          );
        })}
      </div>
      <Space wrap className="groups-add">
        <Select
          aria-label={t('admin.users.role')}
          placeholder={t('admin.users.role')}
          className="groups-role"
          value={role}
          onChange={(r: string) => {
            setRole(r);
            setKind(undefined);
          }}
          options={assignable.map((r) => ({ value: r.role, label: roleName(t, r.role, table) }))}
        />
        {kinds.length > 1 && (
          <Select
            aria-label={t('admin.users.kind')}
            className="groups-kind"
            value={chosenKind}
            onChange={setKind}
            options={kinds.map((k) => ({ value: k, label: t(`admin.groupKind.${k}`, { defaultValue: k }) }))}
          />
        )}
        {bound && (
          <TreeSelect
            aria-label={t('admin.users.jurisdiction')}
            placeholder={t('admin.users.jurisdiction')}
            className="groups-scope"
            value={scope}
            onChange={setScope}
            treeData={treeData}
            showSearch
            treeNodeFilterProp="title"
            treeDefaultExpandAll
            popupMatchSelectWidth={false}
          />
        )}
        <Button icon={<PlusOutlined />} onClick={add} disabled={!composed || value.includes(composed)} data-testid="add-group">
          {t('admin.users.addGroup')}
        </Button>
      </Space>
      {composed && <div className="groups-preview">{t('admin.users.groupId', { group: composed })}</div>}
    </div>
  );
}
