/** Template of 备案回执 (`filing-receipt`). */
import type { DocumentContent, FieldRow } from '../document-content.js';
import { FILING_KIND_LABELS, type DocumentData } from '../document-types.js';
import { bodyDate, enumeration, paragraph, partyWithCode } from './common.js';

/** The text of a filing receipt: that the filing is recorded, its particulars, and the filer's continuing duties. */
export function filingReceiptTemplate(data: DocumentData<'filing-receipt'>): DocumentContent {
  const opening = paragraph(
    `${partyWithCode(data.filerName, data.creditCode)}于${bodyDate(data.submittedDate)}提交的` +
      `${FILING_KIND_LABELS[data.filingKind]}材料（备案编号：${data.filingNumber}）收悉。经审查，材料齐全，` +
      `本机关已于${bodyDate(data.filedDate)}予以备案。`,
  );
  if (data.filingKind === 'cross-region-service') {
    const rows: FieldRow[] = [
      { label: '保安服务许可证编号', value: data.permitNumber },
      { label: '客户单位', value: data.clientName },
      { label: '服务地点', value: data.serviceAddress },
      { label: '服务项目', value: enumeration(data.serviceItems) },
      {
        label: '服务期限',
        value:
          data.serviceEndDate === undefined
            ? `自${bodyDate(data.serviceStartDate)}起`
            : `${bodyDate(data.serviceStartDate)}至${bodyDate(data.serviceEndDate)}`,
      },
      { label: '服务项目负责人', value: data.projectManager },
      { label: '派出保安员人数', value: `${data.guardCount}人` },
    ];
    return {
      title: '备案回执',
      addressee: data.filerName,
      blocks: [
        opening,
        { kind: 'fields', rows },
        paragraph('请在服务所在地依法提供保安服务，并接受本机关的监督管理（《保安服务管理条例》第二十三条）。'),
      ],
    };
  }
  const rows: FieldRow[] = [
    { label: '法定代表人（主要负责人）', value: data.legalRepresentative },
    { label: '分管负责人', value: data.responsibleManager },
    { label: '保安服务区域', value: data.serviceArea },
    { label: '开始保安服务日期', value: bodyDate(data.serviceStartDate) },
    { label: '保安员人数', value: `${data.guardCount}人` },
  ];
  return {
    title: '备案回执',
    addressee: data.filerName,
    blocks: [
      opening,
      { kind: 'fields', rows },
      paragraph(
        '不得在本单位以外或者物业管理区域以外提供保安服务；不再招用保安员进行保安服务的，' +
          '应当自停止保安服务之日起30日内到本机关撤销备案（《保安服务管理条例》第十四条、第十五条）。',
      ),
    ],
  };
}
