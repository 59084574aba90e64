/** Template of 保安员证 (`guard-certificate`). */
import type { DocumentContent } from '../document-content.js';
import type { DocumentData } from '../document-types.js';
import { bodyDate } from './common.js';

/** The text of the guard certificate: the holder's particulars as a table. */
export function guardCertificateTemplate(data: DocumentData<'guard-certificate'>): DocumentContent {
  return {
    title: '保安员证',
    blocks: [
      {
        kind: 'fields',
        rows: [
          { label: '姓名', value: data.holderName },
          { label: '性别', value: data.sex },
          { label: '出生日期', value: bodyDate(data.dateOfBirth) },
          { label: '公民身份号码', value: data.idNumber },
          { label: '证件编号', value: data.certificateNumber },
        ],
      },
    ],
  };
}
