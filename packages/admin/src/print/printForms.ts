import type { SchemaIndex } from '../auto/introspection';
import { selectionOf } from '../auto/session';
import { graphqlFetch } from '../graphqlFetch';
import { getToken } from '../token';

/** A resource's printed form, as `resources { printForm { label path } }` declares it. */
export interface PrintForm {
    /** The button's label, e.g. 打印……表（附件…）. */
    label: string;
    /** The download path with an `{id}` placeholder, e.g. `/forms/<Resource>/{id}.xlsx`. */
    path: string;
}

export type PrintForms = Map<string, PrintForm>;

const WANTED = { name: true, printForm: { label: true, path: true } } as const;

// Read once per token (the list of resources depends on the role), shared by every Show page.
const cache = new Map<string, Promise<PrintForms>>();

/** The resources' printed forms by resource name; empty when the API does not declare any. */
export const loadPrintForms = (schema: SchemaIndex): Promise<PrintForms> => {
    const selection = selectionOf(schema, schema.queries.get('resources'), WANTED);
    if (!selection.includes('printForm')) return Promise.resolve(new Map());
    const key = getToken() ?? '';
    let forms = cache.get(key);
    if (!forms) {
        type Result = { resources?: { name: string; printForm?: PrintForm | null }[] | null };
        forms = graphqlFetch<Result>(`query printForms { resources ${selection} }`).then(
            data => new Map((data.resources ?? []).flatMap(r => (r.printForm ? [[r.name, r.printForm] as const] : []))),
        );
        // A failed read is not kept: the next Show page asks again.
        const pending = forms;
        pending.catch(() => cache.get(key) === pending && cache.delete(key));
        cache.clear(); // only the current session's answer is worth keeping
        cache.set(key, pending);
    }
    return forms;
};

/** The path of one record's printed form: `{id}` replaced by the record's id. */
export const printPathOf = (form: PrintForm, id: string | number): string => form.path.replace('{id}', encodeURIComponent(String(id)));
