import { defineEnum } from './enums';
import { allResources } from './registry';

/**
 * 资源: every resource's name, labelled with its Chinese name, as the enum `ResourceName` for
 * fields that hold a resource's name (the audit trail's): screens then show 学生, not Student.
 * Defined once every resource is declared (src/registry.ts).
 */
export function defineResourceNames(): void {
  defineEnum('ResourceName', '资源', Object.fromEntries(allResources().map((r) => [r.name, r.label])));
}
