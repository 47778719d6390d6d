import type { IntrospectionField, IntrospectionObjectType } from 'graphql';
import type { ReactElement } from 'react';
import {
    BooleanField,
    DateField,
    FunctionField,
    NumberField,
    ReferenceField,
    SelectField,
    TextField,
} from 'react-admin';
import {
    enumChoices,
    enumTypeOf,
    fieldLabel,
    namedTypeOf,
    referenceTargetOf,
    type SchemaIndex,
} from './introspection';

const DATE_SCALARS = new Set(['Date', 'LocalDate']);
const DATE_TIME_SCALARS = new Set(['DateTime', 'DateTimeISO', 'Timestamp', 'LocalDateTime']);
const NUMBER_SCALAR = /(Int|Float|Decimal)$/;
const JSON_SCALAR = /^JSON/;

/** The one place that maps a GraphQL field type to a react-admin display component. */
export const fieldFor = (
    schema: SchemaIndex,
    type: IntrospectionObjectType,
    field: IntrospectionField,
): ReactElement => {
    // `key` stays out of the spread: React warns when a spread object carries it.
    const key = field.name;
    const common = { source: field.name, label: fieldLabel(field) };
    const scalar = namedTypeOf(field.type).name;

    const target = referenceTargetOf(schema, type, field);
    if (target) return <ReferenceField key={key} {...common} reference={target} link="show" />;

    const enumType = enumTypeOf(schema, field);
    if (enumType) return <SelectField key={key} {...common} choices={enumChoices(enumType)} translateChoice={false} />;

    if (scalar === 'Boolean') return <BooleanField key={key} {...common} />;
    if (DATE_SCALARS.has(scalar)) return <DateField key={key} {...common} locales="zh-CN" />;
    if (DATE_TIME_SCALARS.has(scalar)) return <DateField key={key} {...common} locales="zh-CN" showTime />;
    if (NUMBER_SCALAR.test(scalar)) return <NumberField key={key} {...common} />;
    if (JSON_SCALAR.test(scalar)) {
        return <FunctionField key={key} {...common} render={record => JSON.stringify(record[field.name])} />;
    }
    return <TextField key={key} {...common} />;
};
