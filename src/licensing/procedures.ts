/** The licensing procedures an applicant can start, and what each needs. */

/** A BPMN process id of a licensing procedure an applicant starts. */
export type ProcedureKey = 'security-company-permit' | 'cross-region-service-filing' | 'in-house-guard-filing' | 'guard-certificate';

/** One item of a procedure's document checklist. */
export interface ChecklistItem {
  kind: string;
  label: string;
  /** Application data flag that makes the item required; always required when absent. */
  when?: string;
}

/** What the system knows about a procedure. */
export interface Procedure {
  key: ProcedureKey;
  name: string;
  /** form-js form id of the application (the process's start form). */
  applicationForm: string;
  /** The application data field that holds the division code deciding which city handles it. */
  regionField: string;
  /** Field of the application data used as its title. */
  titleField: string;
  checklist: ChecklistItem[];
}

/** Every procedure, by key. */
export const PROCEDURES: Readonly<Record<ProcedureKey, Procedure>> = {
  'security-company-permit': {
    key: 'security-company-permit',
    name: '保安服务公司设立许可',
    applicationForm: 'security-company-permit-application',
    regionField: 'regionCode',
    titleField: 'companyName',
    checklist: [
      { kind: 'application-form', label: '保安服务公司设立申请表' },
      { kind: 'establishment-statement', label: '设立情况说明（名称、住所、注册资本、股东及出资、经营范围）' },
      { kind: 'name-preapproval', label: '企业名称预先核准通知书' },
      { kind: 'articles-of-association', label: '公司章程' },
      { kind: 'manager-materials', label: '法定代表人和主要管理人员的身份证明、简历、从业经历证明和无犯罪记录证明' },
      { kind: 'premises-proof', label: '住所所有权或者使用权证明' },
      { kind: 'equipment-list', label: '设施设备清单及专业技术人员资格证书' },
      { kind: 'management-systems', label: '组织机构和保安服务管理制度、岗位责任制度、保安员管理制度' },
      { kind: 'capital-proof', label: '注册资本不少于1000万元的证明', when: 'armedEscort' },
      { kind: 'state-ownership-proof', label: '国有独资或者国有资本占注册资本总额51%以上的证明', when: 'armedEscort' },
      { kind: 'firearm-management', label: '枪支安全管理制度和保管设施情况', when: 'armedEscort' },
      { kind: 'escort-vehicles-equipment', label: '押运车辆和通讯、报警设备情况', when: 'armedEscort' },
      { kind: 'joint-venture-contract', label: '中外合资、合作合同', when: 'foreignInvested' },
      { kind: 'foreign-party-credentials', label: '外方的资信证明和注册登记文件', when: 'foreignInvested' },
    ],
  },
  'cross-region-service-filing': {
    key: 'cross-region-service-filing',
    name: '跨区域提供保安服务备案',
    applicationForm: 'cross-region-service-filing-application',
    regionField: 'serviceRegionCode',
    titleField: 'companyName',
    checklist: [
      { kind: 'permit-copy', label: '保安服务许可证' },
      { kind: 'business-licence', label: '营业执照' },
      { kind: 'service-contract', label: '保安服务合同' },
      { kind: 'personnel-materials', label: '项目负责人和保安员的基本情况' },
    ],
  },
  'in-house-guard-filing': {
    key: 'in-house-guard-filing',
    name: '自行招用保安员单位备案',
    applicationForm: 'in-house-guard-filing-application',
    regionField: 'regionCode',
    titleField: 'unitName',
    checklist: [
      { kind: 'legal-person-certificate', label: '法人资格证明' },
      { kind: 'personnel-materials', label: '法定代表人（主要负责人）、分管负责人和保安员的基本情况' },
      { kind: 'service-area', label: '保安服务区域的基本情况' },
      { kind: 'management-systems', label: '保安服务管理制度、岗位责任制度和保安员管理制度' },
    ],
  },
  'guard-certificate': {
    key: 'guard-certificate',
    name: '保安员证核发',
    applicationForm: 'guard-certificate-registration',
    regionField: 'regionCode',
    titleField: 'name',
    checklist: [
      { kind: 'identity-card', label: '居民身份证' },
      { kind: 'health-certificate', label: '县级以上医院出具的体检证明' },
      { kind: 'education-proof', label: '学历证明' },
      { kind: 'photo', label: '近期免冠照片' },
    ],
  },
};

/** Whether `key` names a procedure an applicant can start. */
export function isProcedureKey(key: string): key is ProcedureKey {
  return Object.hasOwn(PROCEDURES, key);
}

/** The checklist items an application with `data` must supply. */
export function requiredItems(procedure: Procedure, data: Record<string, unknown>): ChecklistItem[] {
  return procedure.checklist.filter((item) => item.when === undefined || data[item.when] === true);
}
