/** The penalty articles of the security services regulation that administrative cases cite (domain.md §5.2). */

/** One violation and what the law attaches to it. */
export interface PenaltyArticle {
  id: string;
  /** The legal basis as cited in decisions. */
  basis: string;
  violation: string;
  sanction: string;
  /** Fine range in yuan for serious circumstances, where the article sets one. */
  fine?: { min: number; max: number };
}

/** The catalogue, by id; the ids are the values of the `violationId` field of the case forms. */
export const PENALTY_CATALOGUE: Readonly<Record<string, PenaltyArticle>> = Object.fromEntries(
  [
    { id: 'art41', basis: '《保安服务管理条例》第四十一条；《中华人民共和国治安管理处罚法》第五十四条第一款第（三）项', violation: '未经许可擅自从事保安服务', sanction: '依法给予治安管理处罚，没收违法所得；予以取缔' },
    { id: 'art42-1', basis: '《保安服务管理条例》第四十二条第一款第（一）项', violation: '保安服务公司法定代表人变更未经公安机关审核', sanction: '责令限期改正，给予警告；情节严重的，并处1万元以上5万元以下的罚款；有违法所得的，没收违法所得', fine: { min: 10_000, max: 50_000 } },
    { id: 'art42-2', basis: '《保安服务管理条例》第四十二条第一款第（二）项', violation: '未按照规定进行备案或者撤销备案', sanction: '责令限期改正，给予警告；情节严重的，并处1万元以上5万元以下的罚款；有违法所得的，没收违法所得', fine: { min: 10_000, max: 50_000 } },
    { id: 'art42-3', basis: '《保安服务管理条例》第四十二条第一款第（三）项', violation: '自行招用保安员的单位在本单位以外或者物业管理区域以外提供保安服务', sanction: '责令限期改正，给予警告；情节严重的，并处1万元以上5万元以下的罚款', fine: { min: 10_000, max: 50_000 } },
    { id: 'art42-4', basis: '《保安服务管理条例》第四十二条第一款第（四）项', violation: '招用不符合规定条件的人员担任保安员', sanction: '责令限期改正，给予警告；情节严重的，并处1万元以上5万元以下的罚款', fine: { min: 10_000, max: 50_000 } },
    { id: 'art42-5', basis: '《保安服务管理条例》第四十二条第一款第（五）项', violation: '未核查客户单位保安服务要求的合法性或者未报告违法要求', sanction: '责令限期改正，给予警告；情节严重的，并处1万元以上5万元以下的罚款', fine: { min: 10_000, max: 50_000 } },
    { id: 'art42-6', basis: '《保安服务管理条例》第四十二条第一款第（六）项', violation: '未按照规定签订、留存保安服务合同', sanction: '责令限期改正，给予警告；情节严重的，并处1万元以上5万元以下的罚款', fine: { min: 10_000, max: 50_000 } },
    { id: 'art42-7', basis: '《保安服务管理条例》第四十二条第一款第（七）项', violation: '未按照规定留存保安服务中形成的监控影像资料、报警记录', sanction: '责令限期改正，给予警告；情节严重的，并处1万元以上5万元以下的罚款', fine: { min: 10_000, max: 50_000 } },
    { id: 'art43', basis: '《保安服务管理条例》第四十三条', violation: '泄露在保安服务中获知的秘密、删改或者扩散监控影像资料、指使纵容保安员阻碍执行公务等', sanction: '责令限期改正，处2万元以上10万元以下的罚款；违反治安管理的，依法给予治安管理处罚', fine: { min: 20_000, max: 100_000 } },
    { id: 'art47', basis: '《保安服务管理条例》第四十七条', violation: '保安培训单位未按规定备案、不符合条件或者未按大纲培训', sanction: '责令限期改正，给予警告；情节严重的，并处1万元以上5万元以下的罚款', fine: { min: 10_000, max: 50_000 } },
  ].map((a): [string, PenaltyArticle] => [a.id, a]),
);

/** Fines from which a hearing must be offered: units 10 000 yuan, persons 2 000 yuan (公安机关办理行政案件程序规定第一百二十三条). */
export const HEARING_THRESHOLDS = { unit: 10_000, person: 2_000 } as const;
