/** Template of 准予行政许可决定书 (`permit-decision`). */
import type { DocumentContent } from '../document-content.js';
import type { DocumentData } from '../document-types.js';
import { bodyDate, enumeration, paragraph, partyWithCode, yuan } from './common.js';

/** The text of a permit decision: the application, the grant, the permit's particulars and the registration rule. */
export function permitDecisionTemplate(data: DocumentData<'permit-decision'>): DocumentContent {
  return {
    title: '准予行政许可决定书',
    addressee: data.applicantName,
    blocks: [
      paragraph(
        `${partyWithCode(data.applicantName, data.creditCode)}于${bodyDate(data.receivedDate)}提出的${data.matter}申请` +
          `（申请编号：${data.applicationNumber}），经审查，符合法定条件。根据${data.legalBasis}的规定，` +
          `本机关决定准予行政许可，核发保安服务许可证（证书编号：${data.permitNumber}）。`,
      ),
      {
        kind: 'fields',
        rows: [
          { label: '公司名称', value: data.applicantName },
          { label: '法定代表人', value: data.legalRepresentative },
          { label: '住所', value: data.address },
          { label: '注册资本', value: yuan(data.registeredCapitalYuan) },
          { label: '服务范围', value: enumeration(data.serviceScope) },
          { label: '许可证编号', value: data.permitNumber },
        ],
      },
      paragraph(
        '请凭保安服务许可证依法办理市场主体登记。取得保安服务许可证后超过6个月未办理登记的，' +
          '保安服务许可证失效（《保安服务管理条例》第十二条）。',
      ),
    ],
  };
}
