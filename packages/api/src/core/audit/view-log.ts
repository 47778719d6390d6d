/**
 * Full reads of the most sensitive fields (身份证号, poverty and disability categories) in one
 * request, collected while the response is built and written as one audit event per resource.
 */
export class ViewLog {
  private readonly byResource = new Map<string, { ids: Set<string>; fields: Set<string> }>();

  record(resource: string, id: string, field: string): void {
    let entry = this.byResource.get(resource);
    if (!entry) this.byResource.set(resource, (entry = { ids: new Set(), fields: new Set() }));
    entry.ids.add(id);
    entry.fields.add(field);
  }

  entries(): Array<{ resource: string; ids: string[]; fields: string[] }> {
    return [...this.byResource].map(([resource, e]) => ({ resource, ids: [...e.ids], fields: [...e.fields] }));
  }
}

/** Sensitivities whose full reads are audited. */
export const AUDITED_READS = new Set(['ID_NUMBER', 'FOCUS']);
