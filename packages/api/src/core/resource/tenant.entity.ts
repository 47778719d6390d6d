import type { Rel } from '@mikro-orm/core';
import { ObjectType } from 'type-graphql';
import { BaseEntity } from './base.entity';
import { RefField } from './fields';

/** A record owned by one county bureau: row scoping is one indexed `bureau_id` condition. */
@ObjectType()
export abstract class TenantEntity extends BaseEntity {
  @RefField('教育局', 'Bureau', { writable: false })
  bureau!: Rel<BaseEntity>;
}
