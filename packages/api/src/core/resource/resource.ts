import { Entity } from '@mikro-orm/core';
import { ObjectType } from 'type-graphql';
import { fieldsOf, registerResource } from './registry';
import type { ResourceOptions } from './spec';

/**
 * Declares an entity as a resource: a table, a GraphQL type and everything derived from them
 * (CRUD in the admin's dialect, filters, search, nested lists, admin screens).
 */
export function Resource(options: ResourceOptions): ClassDecorator {
  return (target) => {
    const name = target.name;
    Entity()(target);
    ObjectType(name, { description: options.label })(target);
    const fields = fieldsOf(target);
    const unknown = (options.subtitle ?? []).filter((p) => !fields.some((f) => f.name === p.field));
    if (unknown.length) throw new Error(`${name}: subtitle names no field ${unknown.map((p) => p.field).join(', ')}`);
    registerResource({
      name,
      entity: target as never,
      label: options.label,
      area: options.area,
      display: options.display,
      fields,
      search: options.search ?? fields.filter((f) => f.search).map((f) => f.name),
      defaultSort: options.defaultSort ?? { field: options.display, order: 'ASC' },
      listFields: options.listFields,
      subtitle: options.subtitle ?? [],
      children: Object.entries(options.children ?? {}).map(([childName, c]) => ({ name: childName, ...c })),
      typicalRows: options.typicalRows,
      tenant: options.tenant ?? true,
      listedUnder: options.listedUnder ?? [],
      validate: options.validate,
      beforeSave: options.beforeSave,
      readAhead: options.readAhead,
      printForm: options.printForm,
      naturalKeys: options.naturalKeys ?? {},
      actions: options.actions ?? [],
      possibleDuplicate: options.possibleDuplicate,
      operations: {
        create: options.operations?.create ?? true,
        update: options.operations?.update ?? true,
        delete: options.operations?.delete ?? true,
      },
    });
  };
}
