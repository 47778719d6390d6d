import { scopePlan } from '../access/scope';
import { ruleOf } from '../access/policy';
import type { AccessRules } from './scope-sql';

/** The product's policy (src/policy.ts, read by core/access) as the read compiler asks it. */
export const POLICY_RULES: AccessRules = { scopePlan, fieldRule: ruleOf };
