export * from './enums';
export * from './fields';
export * from './resource';
export * from './base.entity';
export * from './tenant.entity';
export type { FieldSpec, ResourceSpec, ChildrenSpec, EntityClass, Problem } from './spec';
