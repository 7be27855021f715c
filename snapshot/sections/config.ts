import { z } from 'zod';
import { count, identifier, isoDateTime, opt, region, text } from '../common.js';

const compliance = z.enum(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE', 'INSUFFICIENT_DATA']);

/** AWS Config rules with their compliance, in every collected region (full state). */
export const configRule = z.object({
  rule_name: identifier,
  region,
  compliance,
  conformance_pack: opt(text),
  non_compliant_resources: count.default(0),
  /** Config caps the count at 100 and says so. */
  cap_exceeded: z.boolean().default(false),
});

/** Rule evaluations per resource (full state; NON_COMPLIANT first, capped per rule). */
export const configEvaluation = z.object({
  rule_name: identifier,
  region,
  resource_type: identifier,
  resource_id: identifier,
  compliance_type: compliance,
  annotation: opt(text),
  conformance_pack: opt(text),
  evaluation_mode: opt(z.enum(['DETECTIVE', 'PROACTIVE'])),
  result_recorded_time: opt(isoDateTime),
  config_rule_invoked_time: opt(isoDateTime),
});

export const configSection = z.object({
  rules: z.array(configRule).default([]),
  evaluations: z.array(configEvaluation).default([]),
});
export type ConfigSection = z.infer<typeof configSection>;
