// Generated from the migrated schema by `npm run db:types` (db/schema-codegen.ts). Do not edit.
import type { ColumnType, Generated, GeneratedAlways } from 'kysely';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** numeric columns read as exact decimal strings and accept numbers on write. */
export type Numeric = ColumnType<string, string | number, string | number>;

export interface AccountsTable {
  account_id: string;
  account_name: string;
  account_email: string | null;
  account_status: Generated<string>;
  account_arn: string | null;
  joined_method: string | null;
  joined_timestamp: Date | null;
  account_type: Generated<string>;
  organization_id: string | null;
  management_account_id: string | null;
  ou_id: string | null;
  ou_path: Generated<string[]>;
  tags: Generated<JsonValue>;
  environment: GeneratedAlways<string | null>;
  cost_center: GeneratedAlways<string | null>;
  partner_name: string | null;
  customer_name: string | null;
  category: string | null;
  csp: Generated<string>;
  attributes_as_of: string;
  first_snapshot_date: string;
  last_snapshot_date: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ActivityEventsTable {
  account_id: string;
  activity_date: string;
  event_source: string;
  event_name: string;
  region: string;
  principal_arn: string | null;
  principal_type: string;
  source_ip: string | null;
  user_agent: string | null;
  error_code: string | null;
  dims_hash: GeneratedAlways<string | null>;
  event_count: number;
  units: number | null;
  first_seen: Date;
  last_seen: Date;
  ingestion_id: number;
}

export interface ActivitySecurityEventsTable {
  account_id: string;
  event_id: string;
  event_time: Date;
  activity_date: string;
  event_source: string;
  event_name: string;
  region: string;
  principal_arn: string | null;
  principal_type: string;
  principal_account_id: string | null;
  source_ip: string | null;
  user_agent: string | null;
  error_code: string | null;
  resources: Generated<JsonValue>;
  ingestion_id: number;
}

export interface AlternateContactsTable {
  id: GeneratedAlways<number>;
  account_id: string;
  contact_type: string;
  full_name: string | null;
  title: string | null;
  email: string | null;
  phone_number: string | null;
  attr_hash: string;
  valid_from: string;
  valid_to: string | null;
  ingestion_id: number | null;
}

export interface AnomaliesTable {
  anomaly_id: GeneratedAlways<number>;
  detector: string;
  account_id: string | null;
  dimension: string;
  anomaly_date: string;
  window_start: Date | null;
  window_end: Date | null;
  observed: number | null;
  expected: number | null;
  lower_bound: number | null;
  upper_bound: number | null;
  score: number;
  severity: string;
  impact_usd: Numeric | null;
  impact_pct: Numeric | null;
  explanation: string;
  evidence: Generated<JsonValue>;
  status: Generated<string>;
  feedback: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface ApplicationSignalsTable {
  id: GeneratedAlways<number>;
  account_id: string;
  region: string;
  service_name: string;
  environment: Generated<string>;
  service_type: string | null;
  key_attributes: Generated<JsonValue>;
  metric_references: Generated<number>;
  attr_hash: string;
  valid_from: string;
  valid_to: string | null;
  ingestion_id: number | null;
}

export interface CertificatesTable {
  id: GeneratedAlways<number>;
  account_id: string;
  arn: string;
  region: string;
  domain_name: string;
  subject_alternative_names: Generated<string[]>;
  status: string;
  type: string | null;
  key_algorithm: string | null;
  in_use: boolean | null;
  renewal_eligibility: string | null;
  created_at: Date | null;
  issued_at: Date | null;
  not_before: Date | null;
  not_after: Date | null;
  attr_hash: string;
  valid_from: string;
  valid_to: string | null;
  ingestion_id: number | null;
}

export interface CloudtrailTrailsTable {
  id: GeneratedAlways<number>;
  account_id: string;
  arn: string;
  name: string;
  home_region: string;
  is_logging: boolean | null;
  is_multi_region: boolean;
  is_organization_trail: Generated<boolean>;
  include_global_events: boolean | null;
  log_file_validation: boolean | null;
  s3_bucket: string | null;
  kms_key_id: string | null;
  cloudwatch_logs_log_group_arn: string | null;
  latest_delivery_time: Date | null;
  latest_delivery_error: string | null;
  start_logging_time: Date | null;
  stop_logging_time: Date | null;
  attr_hash: string;
  valid_from: string;
  valid_to: string | null;
  ingestion_id: number | null;
}

export interface CollectorRunsTable {
  account_id: string;
  granularity: string;
  period_start: string;
  collector: string;
  status: string;
  error: string | null;
  duration_ms: number;
  api_calls: number;
  truncated: Generated<boolean>;
  regions: JsonValue | null;
  ingestion_id: number;
}

export interface ComputeOptimizerTable {
  id: GeneratedAlways<number>;
  account_id: string;
  resource_arn: string;
  resource_type: string;
  resource_name: string | null;
  region: string;
  finding: string;
  finding_reasons: Generated<string[]>;
  current_instance_type: string | null;
  current_memory_mb: number | null;
  current_volume_type: string | null;
  current_volume_size_gb: number | null;
  recommended_instance_type: string | null;
  recommended_memory_mb: number | null;
  recommended_volume_type: string | null;
  recommended_volume_size_gb: number | null;
  savings_opportunity_pct: Numeric | null;
  estimated_monthly_savings: Numeric | null;
  currency: Generated<string>;
  performance_risk: Numeric | null;
  cpu_utilization_max: Numeric | null;
  memory_utilization_max: Numeric | null;
  lookback_days: Numeric | null;
  attr_hash: string;
  valid_from: string;
  valid_to: string | null;
  ingestion_id: number | null;
}

export interface ConfigEvaluationsTable {
  id: GeneratedAlways<number>;
  account_id: string;
  region: string;
  rule_name: string;
  resource_type: string;
  resource_id: string;
  compliance_type: string;
  annotation: string | null;
  conformance_pack: string | null;
  evaluation_mode: string | null;
  result_recorded_time: Date | null;
  config_rule_invoked_time: Date | null;
  attr_hash: string;
  valid_from: string;
  valid_to: string | null;
  ingestion_id: number | null;
}

export interface ConfigReportsTable {
  account_id: string;
  granularity: string;
  period_start: string;
  total_rules: number;
  compliant_rules: number;
  non_compliant_rules: number;
  not_applicable_rules: Generated<number>;
  insufficient_data_rules: Generated<number>;
  non_compliant_resources: Generated<number>;
  compliance_score: GeneratedAlways<Numeric | null>;
  ingestion_id: number;
}

export interface ConfigRulesTable {
  id: GeneratedAlways<number>;
  account_id: string;
  region: string;
  rule_name: string;
  compliance: string;
  conformance_pack: string | null;
  non_compliant_resources: Generated<number>;
  cap_exceeded: Generated<boolean>;
  attr_hash: string;
  valid_from: string;
  valid_to: string | null;
  ingestion_id: number | null;
}

export interface ContactInfoTable {
  id: GeneratedAlways<number>;
  account_id: string;
  full_name: string | null;
  company_name: string | null;
  address_line1: string | null;
  address_line2: string | null;
  address_line3: string | null;
  city: string | null;
  state_or_region: string | null;
  postal_code: string | null;
  country_code: string | null;
  phone_number: string | null;
  website_url: string | null;
  attr_hash: string;
  valid_from: string;
  valid_to: string | null;
  ingestion_id: number | null;
}

export interface CostForecastsTable {
  account_id: string;
  granularity: string;
  period_start: string;
  forecast_start: string;
  forecast_end: string;
  mean_amount: Numeric;
  lower_bound: Numeric | null;
  upper_bound: Numeric | null;
}

export interface CostReportsTable {
  account_id: string;
  granularity: string;
  period_start: string;
  period_end: string;
  currency: Generated<string>;
  current_period_cost: Numeric;
  previous_period_cost: Numeric;
  previous_period_start: string;
  previous_period_end: string;
  cost_difference: GeneratedAlways<Numeric | null>;
  cost_difference_pct: GeneratedAlways<Numeric | null>;
  credits: Numeric | null;
  ingestion_id: number;
}

export interface FindingsTable {
  account_id: string;
  finding_id: string;
  product_arn: string | null;
  product_name: string;
  company_name: string | null;
  generator_id: string | null;
  title: string;
  description: string | null;
  severity: string;
  severity_normalized: number | null;
  workflow_status: string | null;
  record_state: string | null;
  compliance_status: string | null;
  resource_type: string | null;
  resource_id: string | null;
  region: string | null;
  types: Generated<string[]>;
  remediation: string | null;
  remediation_url: string | null;
  created_at: Date;
  updated_at: Date;
  first_observed_at: Date | null;
  last_observed_at: Date | null;
  resolved_at: Date | null;
  first_seen_date: string;
  last_seen_date: string;
  ingestion_id: number;
}

export interface GuardDutyFindingsTable {
  account_id: string;
  finding_id: string;
  detector_id: string;
  finding_type: string;
  severity: Numeric;
  severity_label: GeneratedAlways<string | null>;
  title: string;
  description: string | null;
  region: string;
  resource_type: string | null;
  resource_id: string | null;
  confidence: Numeric | null;
  event_count: Generated<number>;
  archived: Generated<boolean>;
  created_at: Date;
  updated_at: Date;
  first_seen_date: string;
  last_seen_date: string;
  ingestion_id: number;
}

export interface HealthEventsTable {
  account_id: string;
  arn: string;
  service: string;
  event_type_code: string;
  event_type_category: string;
  region: string | null;
  availability_zone: string | null;
  status_code: string;
  scope: string | null;
  start_time: Date | null;
  end_time: Date | null;
  last_updated_time: Date;
  affected_entities: Generated<number>;
  first_seen_date: string;
  last_seen_date: string;
  ingestion_id: number;
}

export interface IngestionsTable {
  ingestion_id: GeneratedAlways<number>;
  object_key: string;
  etag: string | null;
  sha256: string | null;
  bytes: number | null;
  uncompressed_bytes: number | null;
  account_id: string | null;
  granularity: string | null;
  period_start: string | null;
  source_format: string | null;
  status: string;
  reason: string | null;
  error: JsonValue | null;
  rows_by_table: Generated<JsonValue>;
  unknown_fields: Generated<number>;
  started_at: Generated<Date>;
  finished_at: Date | null;
  duration_ms: number | null;
}

export interface InspectorFindingsTable {
  account_id: string;
  finding_arn: string;
  finding_type: string | null;
  severity: string;
  status: string;
  title: string;
  description: string | null;
  region: string;
  resource_type: string | null;
  resource_id: string | null;
  vulnerability_id: string | null;
  inspector_score: Numeric | null;
  exploit_available: boolean | null;
  fix_available: string | null;
  first_observed_at: Date;
  last_observed_at: Date | null;
  updated_at: Date;
  first_seen_date: string;
  last_seen_date: string;
  ingestion_id: number;
}

export interface InventoryApplicationsTable {
  id: GeneratedAlways<number>;
  account_id: string;
  instance_id: string;
  name: string;
  version: Generated<string>;
  architecture: Generated<string>;
  publisher: string | null;
  application_type: string | null;
  install_time: Date | null;
  attr_hash: string;
  valid_from: string;
  valid_to: string | null;
  ingestion_id: number | null;
}

export interface InventoryInstancesTable {
  id: GeneratedAlways<number>;
  account_id: string;
  instance_id: string;
  region: string;
  resource_type: string | null;
  computer_name: string | null;
  ip_address: string | null;
  platform_type: string | null;
  platform_name: string | null;
  platform_version: string | null;
  agent_version: string | null;
  is_latest_version: boolean | null;
  ping_status: string | null;
  association_status: string | null;
  patches_installed: number | null;
  patches_installed_other: number | null;
  patches_installed_pending_reboot: number | null;
  patches_installed_rejected: number | null;
  patches_missing: number | null;
  patches_failed: number | null;
  patches_not_applicable: number | null;
  patch_operation: string | null;
  patch_operation_end_time: Date | null;
  patch_baseline_id: string | null;
  attr_hash: string;
  valid_from: string;
  valid_to: string | null;
  ingestion_id: number | null;
}

export interface InventoryPatchesTable {
  id: GeneratedAlways<number>;
  account_id: string;
  instance_id: string;
  kb_id: string;
  title: string;
  classification: string | null;
  severity: string | null;
  state: string;
  installed_time: Date | null;
  attr_hash: string;
  valid_from: string;
  valid_to: string | null;
  ingestion_id: number | null;
}

export interface KmsKeysTable {
  id: GeneratedAlways<number>;
  account_id: string;
  arn: string;
  key_id: string;
  region: string;
  description: string | null;
  key_usage: string | null;
  key_spec: string | null;
  key_state: string;
  key_manager: string | null;
  origin: string | null;
  enabled: boolean;
  rotation_enabled: boolean | null;
  multi_region: boolean | null;
  creation_date: Date | null;
  deletion_date: Date | null;
  attr_hash: string;
  valid_from: string;
  valid_to: string | null;
  ingestion_id: number | null;
}

export interface MarketplaceUsageTable {
  account_id: string;
  usage_date: string;
  product_name: string;
  product_code: string | null;
  cost: Numeric;
  currency: Generated<string>;
  ingestion_id: number;
}

export interface ProductAccountsTable {
  product_id: number;
  account_id: string;
  source: Generated<string>;
}

export interface ProductsTable {
  product_id: GeneratedAlways<number>;
  name: string;
  owner: string | null;
  position: string | null;
  description: string | null;
  created_at: Generated<Date>;
}

export interface ResilienceHubAppsTable {
  id: GeneratedAlways<number>;
  account_id: string;
  app_arn: string;
  name: string;
  region: string;
  description: string | null;
  compliance_status: string | null;
  resiliency_score: Numeric | null;
  status: string | null;
  drift_status: string | null;
  policy_name: string | null;
  rpo_seconds: number | null;
  rto_seconds: number | null;
  creation_time: Date | null;
  last_assessment_time: Date | null;
  last_drill_time: Date | null;
  attr_hash: string;
  valid_from: string;
  valid_to: string | null;
  ingestion_id: number | null;
}

export interface RiSpDailySavingsTable {
  account_id: string;
  usage_date: string;
  reservation_type: string;
  subscription_id: string;
  service: string | null;
  region: string | null;
  instance_type: string | null;
  instance_count: number | null;
  offering_type: string | null;
  plan_type: string | null;
  state: string | null;
  utilization_pct: Numeric | null;
  on_demand_equivalent: Numeric | null;
  amortized_commitment: Numeric | null;
  used_commitment: Numeric | null;
  total_commitment: Numeric | null;
  net_savings: Numeric | null;
  currency: Generated<string>;
  start_time: Date | null;
  end_time: Date | null;
  ingestion_id: number;
}

export interface SecretsManagerSecretsTable {
  id: GeneratedAlways<number>;
  account_id: string;
  arn: string;
  name: string;
  region: string;
  description: string | null;
  kms_key_id: string | null;
  rotation_enabled: boolean;
  rotation_lambda_arn: string | null;
  rotation_days: number | null;
  created_date: Date | null;
  last_changed_date: Date | null;
  last_accessed_date: Date | null;
  last_rotated_date: Date | null;
  deleted_date: Date | null;
  tags: Generated<JsonValue>;
  attr_hash: string;
  valid_from: string;
  valid_to: string | null;
  ingestion_id: number | null;
}

export interface SecurityTable {
  account_id: string;
  granularity: string;
  period_start: string;
  product_name: string;
  total_findings: number;
  critical_count: Generated<number>;
  high_count: Generated<number>;
  medium_count: Generated<number>;
  low_count: Generated<number>;
  informational_count: Generated<number>;
  open_findings: Generated<number>;
  resolved_findings: Generated<number>;
  suppressed_findings: Generated<number>;
  ingestion_id: number;
}

export interface ServiceCostsTable {
  account_id: string;
  granularity: string;
  period_start: string;
  rank: number;
  service_name: string;
  cost: Numeric;
}

export interface ServiceResourcesTable {
  id: GeneratedAlways<number>;
  account_id: string;
  region: string;
  resource_type: string;
  resource_id: string;
  service: string;
  arn: string | null;
  name: string | null;
  availability_zone: string | null;
  state: string | null;
  instance_type: string | null;
  vpc_id: string | null;
  engine: string | null;
  engine_version: string | null;
  instance_class: string | null;
  multi_az: boolean | null;
  size_gb: Numeric | null;
  volume_type: string | null;
  encrypted: boolean | null;
  publicly_accessible: boolean | null;
  runtime: string | null;
  memory_mb: number | null;
  scheme: string | null;
  lb_type: string | null;
  instance_count: number | null;
  min_size: number | null;
  max_size: number | null;
  available_ip_count: number | null;
  created_at: Date | null;
  tags: Generated<JsonValue>;
  attr_hash: string;
  valid_from: string;
  valid_to: string | null;
  ingestion_id: number | null;
}

export interface ServicesTable {
  account_id: string;
  granularity: string;
  usage_date: string;
  service: string;
  usage_type: string;
  cost: Numeric;
  usage_quantity: Numeric | null;
  usage_unit: string | null;
  currency: Generated<string>;
  ingestion_id: number;
}

export interface SnapshotsTable {
  account_id: string;
  granularity: string;
  period_start: string;
  period_end: string;
  collected_at: Date;
  regions: string[];
  sender_version: string | null;
  ingestion_id: number;
  loaded_at: Generated<Date>;
}

export interface SupportTicketsTable {
  account_id: string;
  case_id: string;
  display_id: string | null;
  subject: string;
  status: string;
  severity_code: string;
  service_code: string | null;
  category_code: string | null;
  submitted_by: string | null;
  language: string | null;
  time_created: Date;
  last_updated: Date | null;
  first_seen_date: string;
  last_seen_date: string;
  ingestion_id: number;
}

export interface TrustedAdvisorChecksTable {
  id: GeneratedAlways<number>;
  account_id: string;
  check_id: string;
  check_name: string;
  category: string;
  status: string;
  resources_flagged: Generated<number>;
  resources_processed: number | null;
  estimated_monthly_savings: Numeric | null;
  currency: Generated<string>;
  check_timestamp: Date | null;
  attr_hash: string;
  valid_from: string;
  valid_to: string | null;
  ingestion_id: number | null;
}

export interface WafWebAclRulesTable {
  id: GeneratedAlways<number>;
  account_id: string;
  web_acl_arn: string;
  rule_name: string;
  priority: number;
  action: string | null;
  statement_type: string;
  managed_vendor: string | null;
  managed_rule_group: string | null;
  rate_limit: number | null;
  geo_countries: Generated<string[]>;
  sqli_protection: Generated<boolean>;
  xss_protection: Generated<boolean>;
  ip_set_reference: Generated<boolean>;
  sampled_requests: Generated<boolean>;
  cloudwatch_metrics: Generated<boolean>;
  attr_hash: string;
  valid_from: string;
  valid_to: string | null;
  ingestion_id: number | null;
}

export interface WafWebAclsTable {
  id: GeneratedAlways<number>;
  account_id: string;
  arn: string;
  web_acl_id: string;
  name: string;
  scope: string;
  region: string;
  description: string | null;
  default_action: string;
  capacity: number | null;
  rules_count: number;
  managed_rule_groups: number;
  rate_based_rules: number;
  custom_rules: number;
  logging_enabled: boolean;
  associated_resources: Generated<string[]>;
  attr_hash: string;
  valid_from: string;
  valid_to: string | null;
  ingestion_id: number | null;
}

export interface Database {
  accounts: AccountsTable;
  activity_events: ActivityEventsTable;
  activity_security_events: ActivitySecurityEventsTable;
  alternate_contacts: AlternateContactsTable;
  anomalies: AnomaliesTable;
  application_signals: ApplicationSignalsTable;
  certificates: CertificatesTable;
  cloudtrail_trails: CloudtrailTrailsTable;
  collector_runs: CollectorRunsTable;
  compute_optimizer: ComputeOptimizerTable;
  config_evaluations: ConfigEvaluationsTable;
  config_reports: ConfigReportsTable;
  config_rules: ConfigRulesTable;
  contact_info: ContactInfoTable;
  cost_forecasts: CostForecastsTable;
  cost_reports: CostReportsTable;
  findings: FindingsTable;
  guard_duty_findings: GuardDutyFindingsTable;
  health_events: HealthEventsTable;
  ingestions: IngestionsTable;
  inspector_findings: InspectorFindingsTable;
  inventory_applications: InventoryApplicationsTable;
  inventory_instances: InventoryInstancesTable;
  inventory_patches: InventoryPatchesTable;
  kms_keys: KmsKeysTable;
  marketplace_usage: MarketplaceUsageTable;
  product_accounts: ProductAccountsTable;
  products: ProductsTable;
  resilience_hub_apps: ResilienceHubAppsTable;
  ri_sp_daily_savings: RiSpDailySavingsTable;
  secrets_manager_secrets: SecretsManagerSecretsTable;
  security: SecurityTable;
  service_costs: ServiceCostsTable;
  service_resources: ServiceResourcesTable;
  services: ServicesTable;
  snapshots: SnapshotsTable;
  support_tickets: SupportTicketsTable;
  trusted_advisor_checks: TrustedAdvisorChecksTable;
  waf_web_acl_rules: WafWebAclRulesTable;
  waf_web_acls: WafWebAclsTable;
}
