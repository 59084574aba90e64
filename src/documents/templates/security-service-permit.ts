/** Template of 保安服务许可证 (`security-service-permit`). */
import type { DocumentContent, FieldRow } from '../document-content.js';
import type { DocumentData } from '../document-types.js';
import { enumeration, yuan } from './common.js';

/** The text of the security service permit: its particulars as a table. */
export function securityServicePermitTemplate(data: DocumentData<'security-service-permit'>): DocumentContent {
  const rows: FieldRow[] = [
    { label: '许可证编号', value: data.permitNumber },
    { label: '公司名称', value: data.companyName },
  ];
  if (data.creditCode !== undefined) rows.push({ label: '统一社会信用代码', value: data.creditCode });
  rows.push(
    { label: '法定代表人', value: data.legalRepresentative },
    { label: '住所', value: data.address },
    { label: '注册资本', value: yuan(data.registeredCapitalYuan) },
    { label: '服务范围', value: enumeration(data.serviceScope) },
  );
  if (data.decisionNumber !== undefined) rows.push({ label: '批准文号', value: data.decisionNumber });
  return { title: '保安服务许可证', blocks: [{ kind: 'fields', rows }] };
}
