import pluralize from 'pluralize';

// Every GraphQL name of a resource comes from here. The plural is ra-data-graphql-simple's own
// (the `pluralize` package, same major version), so the admin finds each operation.
//   list   allStudents          meta    _allStudentsMeta     one     Student(id)
//   create createStudent        update  updateStudent        delete  deleteStudent
//   bulk   deleteStudents(ids)  updateStudents(ids, data)
export function gqlNames(type: string) {
  const plural = pluralize(type);
  if (plural === type) throw new Error(`${type} is its own plural: single and bulk mutations would share a name`);
  return {
    type,
    plural,
    list: `all${plural}`,
    meta: `_all${plural}Meta`,
    one: type,
    create: `create${type}`,
    update: `update${type}`,
    delete: `delete${type}`,
    deleteMany: `delete${plural}`,
    updateMany: `update${plural}`,
    filterInput: `${type}Filter`,
    createArgs: `${type}CreateArgs`,
    updateArgs: `${type}UpdateArgs`,
    patchInput: `${type}Patch`,
  };
}

export type GqlNames = ReturnType<typeof gqlNames>;
