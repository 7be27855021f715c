// The key of every table the receiver writes. Loaders take their ON CONFLICT targets and version
// keys from here, and a test checks each one against a UNIQUE index in the catalog.

/** Tables written with INSERT … ON CONFLICT (key) DO UPDATE / DO NOTHING. */
export const upsertKeys = {
  accounts: ['account_id'],
  products: ['name'],
  product_accounts: ['product_id', 'account_id'],
  collector_runs: ['account_id', 'granularity', 'period_start', 'collector'],
  snapshots: ['account_id', 'granularity', 'period_start'],
  services: ['account_id', 'granularity', 'usage_date', 'service', 'usage_type'],
  cost_reports: ['account_id', 'granularity', 'period_start'],
  service_costs: ['account_id', 'granularity', 'period_start', 'service_name'],
  cost_forecasts: ['account_id', 'granularity', 'period_start', 'forecast_start'],
  marketplace_usage: ['account_id', 'usage_date', 'product_name'],
  ri_sp_daily_savings: ['account_id', 'usage_date', 'reservation_type', 'subscription_id'],
  security: ['account_id', 'granularity', 'period_start', 'product_name'],
  findings: ['account_id', 'finding_id'],
  guard_duty_findings: ['account_id', 'finding_id'],
  inspector_findings: ['account_id', 'finding_arn'],
  config_reports: ['account_id', 'granularity', 'period_start'],
  health_events: ['account_id', 'arn'],
  support_tickets: ['account_id', 'case_id'],
  activity_events: ['account_id', 'activity_date', 'dims_hash'],
  activity_security_events: ['account_id', 'event_id'],
  anomalies: ['detector', 'account_id', 'dimension', 'anomaly_date'],
} as const satisfies Record<string, readonly string[]>;

/**
 * Full-state tables kept as versions. Each lists its item key (after account_id); the table has
 * UNIQUE (account_id, …key, valid_from) and a partial UNIQUE (account_id, …key) WHERE valid_to IS NULL.
 */
export const stateKeys = {
  contact_info: [],
  alternate_contacts: ['contact_type'],
  kms_keys: ['arn'],
  waf_web_acls: ['arn'],
  waf_web_acl_rules: ['web_acl_arn', 'rule_name'],
  cloudtrail_trails: ['arn'],
  secrets_manager_secrets: ['arn'],
  certificates: ['arn'],
  config_rules: ['region', 'rule_name'],
  config_evaluations: ['region', 'rule_name', 'resource_type', 'resource_id'],
  inventory_instances: ['instance_id'],
  inventory_applications: ['instance_id', 'name', 'version', 'architecture'],
  inventory_patches: ['instance_id', 'kb_id'],
  service_resources: ['region', 'resource_type', 'resource_id'],
  compute_optimizer: ['resource_arn'],
  trusted_advisor_checks: ['check_id'],
  application_signals: ['region', 'service_name', 'environment'],
  resilience_hub_apps: ['app_arn'],
} as const satisfies Record<string, readonly string[]>;

/**
 * Observation timestamps that move on every collection without the item changing (last delivery,
 * last access, last evaluation). They are stored with each version but left out of attr_hash, so
 * they do not create a new version per item per day; their value is the one seen when the version
 * started.
 */
export const stateVolatileColumns: Partial<Record<StateTable, readonly string[]>> = {
  cloudtrail_trails: ['latest_delivery_time'],
  secrets_manager_secrets: ['last_accessed_date'],
  trusted_advisor_checks: ['check_timestamp'],
  inventory_instances: ['patch_operation_end_time'],
  config_evaluations: ['result_recorded_time', 'config_rule_invoked_time'],
};

export type UpsertTable = keyof typeof upsertKeys;
export type StateTable = keyof typeof stateKeys;
/** Columns of a state table that are bookkeeping, not attributes of the item. */
export const stateBookkeepingColumns = ['id', 'account_id', 'attr_hash', 'valid_from', 'valid_to', 'ingestion_id'] as const;
