import { Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateTimeISO } from './scalars';
import { randomUUID } from 'node:crypto';
import { addField } from './registry';
import type { FieldSpec } from './spec';

const systemField = (name: string, kind: FieldSpec['kind'], label: string): FieldSpec => ({
  name, gqlName: name, kind, label, nullable: false, writable: false, createOnly: false,
  search: false, indexed: name !== 'id' && name !== 'version', unique: false, money: false,
  technical: name === 'id' || name === 'version',
});

/** id, version (optimistic locking) and timestamps, shared by every record. */
@ObjectType()
export abstract class BaseEntity {
  [OptionalProps]?: 'version' | 'createdAt' | 'updatedAt';

  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID, { description: '编号' })
  id: string = randomUUID();

  // A new row's, as the column's default: its insert need not ask it back (db/held-insert-driver.ts).
  @Property({ version: true })
  @Field(() => Int, { description: '版本' })
  version: number = 1;

  @Property({ type: 'timestamptz' })
  @Index()
  @Field(() => DateTimeISO, { description: '创建时间' })
  createdAt: Date = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  @Index()
  @Field(() => DateTimeISO, { description: '更新时间' })
  updatedAt: Date = new Date();
}

addField(BaseEntity, systemField('id', 'id', '编号'));
addField(BaseEntity, systemField('version', 'int', '版本'));
addField(BaseEntity, systemField('createdAt', 'datetime', '创建时间'));
addField(BaseEntity, systemField('updatedAt', 'datetime', '更新时间'));
