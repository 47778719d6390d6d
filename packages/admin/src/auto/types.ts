// The admin's model of the API: what the generic screens render. Built once per session
// from introspection, the `resources` metadata query and `me { permissions }` (model.ts).

import type { ActionState } from './session';

export type FieldKind =
    | 'id'
    | 'text'
    | 'longText'
    | 'secret'
    | 'number'
    | 'money'
    | 'bool'
    | 'date'
    | 'datetime'
    | 'enum'
    | 'enumList'
    | 'ref' // `schoolId: ID` beside the `school` object
    | 'refList' // `helperIds: [ID!]` beside the `helpers` list
    | 'objectRef' // a resource without a flat id (`latestVisit`)
    | 'embedded' // a non-resource object
    | 'embeddedList' // a list of non-resource objects (`focusCategories`)
    | 'children' // a list of resources pointing back here (`classes`)
    | 'json';

/** READ / MASKED / HIDDEN / BY_ROW, as `me { permissions }` says. */
export type Visibility = 'READ' | 'MASKED' | 'HIDDEN' | 'BY_ROW';

export interface Choice {
    id: string;
    name: string;
}

export interface AutoField {
    /** The GraphQL field, argument or filter key. */
    name: string;
    label: string;
    kind: FieldKind;
    choices?: Choice[];
    /** ref, refList, objectRef, children: the resource pointed to. */
    target?: string;
    /** children: the reference field of the target that points back (`schoolId`). */
    inverse?: string;
    /** embedded and embeddedList: the object's fields, for display. */
    itemFields?: AutoField[];
    /** embeddedList: the input object's fields, for forms. */
    itemInputs?: AutoField[];
    maxLength?: number;
    /** A non-null argument (forms) or field. */
    required: boolean;
    visibility: Visibility;
    sortable: boolean;
    /** An id, a version, a request id: left off screens unless 技术信息 is switched on. */
    technical?: boolean;
}

/** A part of a record's subtitle (auto/subtitle.tsx): a field, perhaps as its year, in a template. */
export interface AutoSubtitlePart {
    field: AutoField;
    year: boolean;
    template?: string | null;
}

/** A form input: a field the role sees but may not change is shown disabled. */
export interface AutoInput extends AutoField {
    disabled: boolean;
    /** Create forms: the API's suggestion (`now+2h`, `viewer.staff`, `student.address`). */
    suggest?: string;
    /** Shown only while `field` holds one of `values` (a visit's record once it is completed). */
    shownWhen?: { field: string; values: string[] };
    /** Filled from another input as it is typed (a gender from the 身份证号), never over a typed value. */
    derive?: { from: string; fact: string };
}

/** A refusal of a create the user may override by confirming: the rule it names, the argument that confirms. */
export interface Confirmation {
    argument: string;
    rule: string;
    label: string;
}

export interface AutoFilter {
    source: string;
    label: string;
    kind: 'search' | 'text' | 'enum' | 'enumList' | 'ref' | 'refList' | 'bool' | 'date' | 'datetime';
    /** datetime bounds: a day picked as the lower bound starts at 00:00, the upper ends at 24:00. */
    bound?: 'from' | 'to';
    choices?: Choice[];
    target?: string;
}

/** A workflow mutation on one record (`departVisit(id, version)`), shown as a button. */
export interface AutoAction {
    mutation: string;
    label: string;
    description: string;
    /** Arguments besides id and version, asked for in a dialog. */
    args: AutoInput[];
    /** The record states it starts from, as the API declares them (none: any state). */
    from?: ActionState[];
    /** No required argument besides the record: also offered in list rows. */
    inRows: boolean;
}

/**
 * `uploadAttachment(kind, fileName, contentBase64, <owner>Id)` for a resource owning files: its
 * arguments besides the file name and content are the form fields of `POST /files`, which the
 * admin uploads to.
 */
export interface AutoUpload {
    mutation: string;
    attachmentResource: string;
    ownerArg: string;
    fileNameArg: string;
    contentArg: string;
    args: AutoInput[];
}

/** A create mutation answering a wrapper (`NewApiToken { apiToken token }`), not the record. */
export interface CreateWrapper {
    recordField: string;
    extras: { name: string; label: string }[];
}

/** A resource's printed form, as `resources { printForm { label path } }` declares it. */
export interface PrintForm {
    /** The button's label, e.g. 打印……表（附件…）. */
    label: string;
    /** The download path with an `{id}` placeholder, e.g. `/forms/<Resource>/{id}.xlsx`. */
    path: string;
}

/** A parameter of a record download, as `resources { downloads { params } }` declares it. */
export interface RecordDownloadParam {
    name: string;
    label: string;
    required: boolean;
    example?: string | null;
    defaultValue?: string | null;
    /** Filled in from the schema's enum (`enumType`): a choice instead of free text. */
    choices?: Choice[];
}

/** A file built from one record (a school's archive zip), offered on its page with a dialog for `params`. */
export interface RecordDownload {
    label: string;
    /** The download path with an `{id}` placeholder; the params go in its query string. */
    path: string;
    params: RecordDownloadParam[];
}

export interface AutoResource {
    name: string;
    label: string;
    area: string;
    /** Listed in the menu; a resource only reached from other records is not. */
    inMenu: boolean;
    /** The field that represents a record (titles, references). */
    display: string;
    /** What tells namesakes apart in pickers (school, class, birth year), as the API declares it. */
    subtitle: AutoSubtitlePart[];
    fields: AutoField[];
    listColumns: string[];
    createInputs: AutoInput[];
    editInputs: AutoInput[];
    bulkInputs: AutoInput[];
    filters: AutoFilter[];
    defaultSort: { field: string; order: 'ASC' | 'DESC' };
    children: AutoField[];
    actions: AutoAction[];
    upload?: AutoUpload;
    /** Has fileName, mimeType and size: served at /files/<id>. */
    isFile: boolean;
    createWrapper?: CreateWrapper;
    /** The record laid out as its paper form, when the API declares one. */
    printForm?: PrintForm;
    /** Further downloads of one record the role may use. */
    downloads: RecordDownload[];
    /** What `me.permissions` allows (read, create, update, delete, review…); null when it does not say. */
    operations: string[] | null;
    can: { create: boolean; edit: boolean; delete: boolean; bulkDelete: boolean; bulkUpdate: boolean };
    /** What a create may be refused for until the user confirms (a possible duplicate). */
    confirmations: Confirmation[];
}

/** A query answering a list of records with no required argument (`overdueVisits`): a dashboard card. */
export interface WorkQueue {
    query: string;
    label: string;
    resource: string;
}

export interface AdminModel {
    resources: AutoResource[];
    byName: Map<string, AutoResource>;
    queues: WorkQueue[];
    /** The role may switch on 技术信息 (auto/technical.tsx). */
    technical: boolean;
}
