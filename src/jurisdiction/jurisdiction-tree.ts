import type { DataSource } from 'typeorm';
import type { AuditContext } from '../audit/audit-context.js';
import { AuditLog } from '../audit/audit-log.js';
import { z } from 'zod';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { Regions } from '../licensing/regions.js';
import { JURISDICTION_CODE, contains, levelOf, parentOf, type JurisdictionLevel } from './jurisdiction-code.js';
import { JurisdictionEntity } from './jurisdiction.entity.js';
import { bilingual, localize } from '../language.js';

/** A new district, county or police station. */
export const NewJurisdiction = z.strictObject({
  code: z.string().regex(JURISDICTION_CODE, { error: bilingual('must be a 6-digit division code, or a district code, "-" and a lower-case name for a police station', '须为 6 位行政区划代码；派出所为区县代码加“-”及小写名称') }),
  name: z.string().trim().min(1).max(100),
  authority: z.string().trim().min(1).max(100).optional(),
});

/** A unit with the units below it. */
export interface JurisdictionNode {
  code: string;
  name: string;
  level: JurisdictionLevel;
  authority: string | null;
  children: JurisdictionNode[];
}

/**
 * The jurisdiction tree (province → city → district/county → police station). The province and its cities come
 * from the region table and are written at start; administrators add districts, counties and stations.
 */
export class JurisdictionTree {
  private readonly audit: Pick<AuditLog, 'append'>;

  constructor(private readonly dataSource: DataSource, private readonly now: () => Date, audit?: Pick<AuditLog, 'append'>) {
    this.audit = audit ?? new AuditLog(dataSource, { now });
  }

  /** Writes the province and its cities when they are missing; returns how many were added. */
  async seed(regions: Regions): Promise<number> {
    const repo = this.dataSource.getRepository(JurisdictionEntity);
    const { province, cities } = regions.table;
    const wanted = [
      { code: province.code, name: province.name, parentCode: null, authority: province.authority },
      ...cities.map((c) => ({ code: c.code, name: c.name, parentCode: province.code, authority: c.authority })),
    ];
    const existing = new Set((await repo.find({ select: { code: true } })).map((r) => r.code));
    const missing = wanted.filter((w) => !existing.has(w.code));
    if (missing.length) await repo.insert(missing.map((m) => ({ ...m, level: levelOf(m.code), createdAt: this.now() })));
    return missing.length;
  }

  /** Adds a district, county or station under its parent, which must exist, as done by `by` (audited: `jurisdiction.add`). */
  async add(input: z.output<typeof NewJurisdiction>, by: AuditContext): Promise<JurisdictionEntity> {
    const level = levelOf(input.code);
    if (level === 'province' || level === 'city') {
      throw new ValidationError('Provinces and cities come from the region table', [{ path: 'code', message: localize('must be a district, county or police station code', '须为区县或派出所代码') }]);
    }
    const parentCode = parentOf(input.code) as string;
    const repo = this.dataSource.getRepository(JurisdictionEntity);
    if (!(await repo.existsBy({ code: parentCode }))) {
      throw new ValidationError(`The parent unit ${parentCode} does not exist`, [{ path: 'code', message: localize(`its parent ${parentCode} is not in the jurisdiction tree`, `上级单位 ${parentCode} 不在辖区树中`) }]);
    }
    if (await repo.existsBy({ code: input.code })) throw new ConflictError('JURISDICTION_EXISTS', localize(`Jurisdiction ${input.code} already exists`, `管辖单位 ${input.code} 已存在`));
    const entity = Object.assign(new JurisdictionEntity(), { code: input.code, name: input.name, parentCode, level, authority: input.authority ?? null, createdAt: this.now() });
    await this.dataSource.transaction(async (m) => {
      await m.getRepository(JurisdictionEntity).insert(entity);
      await this.audit.append({ ...by, action: 'jurisdiction.add', subjectType: 'jurisdiction', subjectId: entity.code, details: { name: entity.name, level } }, m);
    });
    return entity;
  }

  /** One unit; 404 when it is not in the tree. */
  async get(code: string): Promise<JurisdictionEntity> {
    const found = await this.dataSource.getRepository(JurisdictionEntity).findOneBy({ code });
    NotFoundError.assert(found, 'NOT_FOUND', localize(`Jurisdiction ${code} does not exist`, `管辖单位 ${code} 不存在`));
    return found;
  }

  /** The subtrees rooted at `roots` (every unit when `roots` holds `'*'`), ordered by code. */
  async tree(roots: string[]): Promise<JurisdictionNode[]> {
    const rows = await this.dataSource.getRepository(JurisdictionEntity).find({ order: { code: 'ASC' } });
    const nodes = new Map(rows.map((r) => [r.code, { code: r.code, name: r.name, level: r.level, authority: r.authority, children: [] as JurisdictionNode[] }]));
    const top: JurisdictionNode[] = [];
    for (const row of rows) {
      const node = nodes.get(row.code) as JurisdictionNode;
      const parent = row.parentCode ? nodes.get(row.parentCode) : undefined;
      if (parent) parent.children.push(node);
      else top.push(node);
    }
    if (roots.includes('*')) return top;
    const wanted = roots.filter((r) => !roots.some((o) => o !== r && contains(o, r)));
    return wanted.map((r) => nodes.get(r)).filter((n): n is JurisdictionNode => n !== undefined);
  }
}
