import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { JurisdictionNode } from './supervision-api';

interface TreeOption {
  value: string;
  title: string;
  children: TreeOption[];
}

function optionsOf(nodes: readonly JurisdictionNode[]): TreeOption[] {
  return nodes.map((n) => ({ value: n.code, title: n.name, children: optionsOf(n.children) }));
}

/** Picks a unit of the leader's part of the jurisdiction tree; cleared, the whole of the leader's jurisdiction. */
export function JurisdictionSelect({ tree, value, onChange }: { tree: readonly JurisdictionNode[]; value: string | undefined; onChange: (code: string | undefined) => void }) {
  const { t } = useTranslation();
  const options = useMemo(() => optionsOf(tree), [tree]);
  return (
    <TreeSelect
      className="dashboard-jurisdiction"
      aria-label={t('dashboard.filters.jurisdiction')}
      treeData={options}
      value={value}
      onChange={(code?: string) => onChange(code || undefined)}
      allowClear
      showSearch
      treeNodeFilterProp="title"
      treeDefaultExpandAll={false}
      treeDefaultExpandedKeys={tree.map((n) => n.code)}
      placeholder={t('dashboard.filters.allJurisdictions')}
      popupMatchSelectWidth={false}
    />
  );
}
