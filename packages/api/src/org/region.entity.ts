import { Unique, type Rel } from '@mikro-orm/core';
import { EnumField, RefField, Resource, TenantEntity, TextField } from '../core/resource';
import { regionCodeProblem } from '../core/validation/region-code';
import { RegionLevel } from './org.enums';

@Resource({
  typicalRows: 400,
  label: '行政区划',
  area: 'org',
  display: 'name',
  defaultSort: { field: 'code', order: 'ASC' },
  naturalKeys: { CODE: { fields: ['code'], label: '区划代码' } },
  children: { children: { label: '下级区划', target: () => Region, inverse: 'parent', orderBy: { code: 'asc' } } },
  validate: (r) => {
    const problems = [];
    const levelProblem = regionCodeProblem(r.code, r.level);
    if (levelProblem) problems.push({ field: 'level', ...levelProblem });
    if (r.parent?.code && !String(r.code).startsWith(r.parent.code)) {
      problems.push({ field: 'parentId', rule: 'REGION_PARENT_PREFIX', message: `下级区划代码应以上级代码 ${r.parent.code} 开头` });
    }
    return problems;
  },
})
@Unique({ properties: ['bureau', 'code'] })
export class Region extends TenantEntity {
  @TextField('区划代码', { search: true, validate: (v) => regionCodeProblem(v), maxLength: 12 })
  code!: string;

  @TextField('名称', { search: true, maxLength: 50 })
  name!: string;

  @EnumField('级别', RegionLevel, { index: true })
  level!: RegionLevel;

  @RefField('上级区划', () => Region, { nullable: true })
  parent?: Rel<Region>;
}
