import type { Rel } from '@mikro-orm/core';
import { BaseEntity, RefField, Resource, TextField } from '../core/resource';
import { Region } from './region.entity';
import { School } from './school.entity';

/** The county tenant: every other record belongs to one bureau. */
@Resource({
  typicalRows: 1,
  label: '教育局',
  area: 'org',
  display: 'name',
  tenant: false,
  // A bureau is the tenant itself: it is set up with the deployment, not created by its users.
  operations: { create: false, delete: false },
  children: { schools: { label: '学校', target: () => School, inverse: 'bureau', orderBy: { code: 'asc' }, expected: 200 } },
})
export class Bureau extends BaseEntity {
  @TextField('名称', { search: true, maxLength: 60 })
  name!: string;

  /** The county (6-digit GB/T 2260 code) the bureau governs; set once its regions exist. */
  @RefField('行政区划', () => Region, { nullable: true })
  region?: Rel<Region>;
}
