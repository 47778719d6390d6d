import type { DocumentNode } from 'graphql';

/** Keys past this are not kept: a key is held as long as its document. */
const MAX_KEY = 4096;

/**
 * Values worked out once per parsed document and key (Apollo hands the same document object for
 * the same query text): a query's cost, its compiled form. At most `perDocument` keys are kept
 * for one document, and no key longer than MAX_KEY (a bulk write's 10,000 rows of variables is
 * worked out afresh), so a script varying its variables cannot grow memory without end.
 */
export function documentMemo<T>(perDocument: number): (document: DocumentNode, key: string, make: () => T) => T {
  const known = new WeakMap<DocumentNode, Map<string, T>>();
  return (document, key, make) => {
    if (key.length > MAX_KEY) return make();
    let byKey = known.get(document);
    if (!byKey) known.set(document, (byKey = new Map()));
    if (byKey.has(key)) return byKey.get(key) as T;
    const value = make();
    if (byKey.size >= perDocument) byKey.clear();
    byKey.set(key, value);
    return value;
  };
}
