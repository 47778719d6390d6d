import type { DocumentNode } from 'graphql';

/**
 * Values worked out once per parsed document and key (Apollo hands the same document object for
 * the same query text): a query's cost, its compiled form. At most `perDocument` keys are kept
 * for one document, so a script varying its variables cannot grow memory without end.
 */
export function documentMemo<T>(perDocument: number): (document: DocumentNode, key: string, make: () => T) => T {
  const known = new WeakMap<DocumentNode, Map<string, T>>();
  return (document, key, make) => {
    let byKey = known.get(document);
    if (!byKey) known.set(document, (byKey = new Map()));
    if (byKey.has(key)) return byKey.get(key) as T;
    const value = make();
    if (byKey.size >= perDocument) byKey.clear();
    byKey.set(key, value);
    return value;
  };
}
