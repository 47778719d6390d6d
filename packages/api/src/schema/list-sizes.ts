import { childrenOf } from '../core/resource/registry';
import { resources } from '../registry';
import type { RowEstimates } from '../http/limits';

/** The rows the resources declare they typically have, for the cost of a query (http/limits.ts). */
export function rowEstimates(): RowEstimates {
  const nested = new Map<string, number>();
  const typical = new Map<string, number | undefined>();
  for (const res of resources()) {
    typical.set(res.name, res.typicalRows);
    for (const c of childrenOf(res)) if (c.expected) nested.set(`${res.name}.${c.name}`, c.expected);
    for (const f of res.fields) if (f.kind === 'refList') nested.set(`${res.name}.${f.name}`, 5);
  }
  return {
    nested: (type, field) => nested.get(`${type}.${field}`),
    typical: (name) => typical.get(name),
    isResource: (name) => typical.has(name),
  };
}
