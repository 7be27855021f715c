-- Security: daily per-product summary (time series), findings with their lifecycle (one row per
-- finding, newest update wins), and full-state inventories of keys, WAF, trails, secrets and
-- certificates kept as versions with validity ranges.
--
-- State tables share one shape: key columns, attribute columns, attr_hash (hash of the attributes),
-- valid_from (first snapshot date seen like this) and valid_to (exclusive; NULL while current).
-- "As of D": valid_from <= D AND (valid_to IS NULL OR valid_to > D).

-- Security Hub findings per product for a snapshot period (seed: security, which had no date).
CREATE TABLE security (
  account_id     varchar(12) NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
  granularity    text NOT NULL CHECK (granularity IN ('DAILY','MONTHLY')),
  period_start   date NOT NULL,
  product_name   text NOT NULL,
  total_findings integer NOT NULL CHECK (total_findings >= 0),
  critical_count integer NOT NULL DEFAULT 0 CHECK (critical_count >= 0),
  high_count     integer NOT NULL DEFAULT 0 CHECK (high_count >= 0),
  medium_count   integer NOT NULL DEFAULT 0 CHECK (medium_count >= 0),
  low_count      integer NOT NULL DEFAULT 0 CHECK (low_count >= 0),
  informational_count integer NOT NULL DEFAULT 0 CHECK (informational_count >= 0),
  open_findings     integer NOT NULL DEFAULT 0 CHECK (open_findings >= 0),
  resolved_findings integer NOT NULL DEFAULT 0 CHECK (resolved_findings >= 0),
  suppressed_findings integer NOT NULL DEFAULT 0 CHECK (suppressed_findings >= 0),
  ingestion_id   bigint NOT NULL,
  CONSTRAINT security_key UNIQUE (account_id, granularity, period_start, product_name)
);
CREATE INDEX security_period_idx ON security (period_start);

-- Security Hub findings (seed: findings). One row per finding; an update only replaces it when its
-- updated_at is not older than the stored one, so late files cannot roll a finding back.
CREATE TABLE findings (
  account_id        varchar(12) NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
  finding_id        text NOT NULL,
  product_arn       text,
  product_name      text NOT NULL,
  company_name      text,
  generator_id      text,
  title             text NOT NULL,
  description       text,
  severity          text NOT NULL CHECK (severity IN ('CRITICAL','HIGH','MEDIUM','LOW','INFORMATIONAL')),
  severity_normalized smallint CHECK (severity_normalized BETWEEN 0 AND 100),
  workflow_status   text,
  record_state      text,
  compliance_status text,
  resource_type     text,
  resource_id       text,
  region            text,
  types             text[] NOT NULL DEFAULT '{}',
  remediation       text,
  remediation_url   text,
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL,
  first_observed_at timestamptz,
  last_observed_at  timestamptz,
  -- when the finding was first seen resolved or archived; NULL while open
  resolved_at       timestamptz,
  first_seen_date   date NOT NULL,
  last_seen_date    date NOT NULL,
  ingestion_id      bigint NOT NULL,
  CONSTRAINT findings_key UNIQUE (account_id, finding_id)
);
CREATE INDEX findings_open_idx ON findings (account_id, severity) WHERE resolved_at IS NULL;
CREATE INDEX findings_created_idx ON findings (created_at);
CREATE INDEX findings_updated_idx ON findings (updated_at);
CREATE INDEX findings_product_idx ON findings (product_name, severity);

CREATE TABLE guard_duty_findings (
  account_id    varchar(12) NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
  finding_id    text NOT NULL,
  detector_id   text NOT NULL,
  finding_type  text NOT NULL,
  severity      numeric(4,1) NOT NULL CHECK (severity BETWEEN 0 AND 10),
  severity_label text GENERATED ALWAYS AS (
    CASE WHEN severity >= 9 THEN 'CRITICAL' WHEN severity >= 7 THEN 'HIGH'
         WHEN severity >= 4 THEN 'MEDIUM' ELSE 'LOW' END) STORED,
  title         text NOT NULL,
  description   text,
  region        text NOT NULL,
  resource_type text,
  resource_id   text,
  confidence    numeric(4,1) CHECK (confidence BETWEEN 0 AND 10),
  event_count   integer NOT NULL DEFAULT 1 CHECK (event_count >= 0),
  archived      boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  first_seen_date date NOT NULL,
  last_seen_date  date NOT NULL,
  ingestion_id  bigint NOT NULL,
  CONSTRAINT guard_duty_findings_key UNIQUE (account_id, finding_id)
);
CREATE INDEX guard_duty_findings_created_idx ON guard_duty_findings (created_at);
CREATE INDEX guard_duty_findings_severity_idx ON guard_duty_findings (account_id, severity) WHERE NOT archived;

CREATE TABLE inspector_findings (
  account_id        varchar(12) NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
  finding_arn       text NOT NULL,
  finding_type      text,
  severity          text NOT NULL,
  status            text NOT NULL CHECK (status IN ('ACTIVE','SUPPRESSED','CLOSED')),
  title             text NOT NULL,
  description       text,
  region            text NOT NULL,
  resource_type     text,
  resource_id       text,
  vulnerability_id  text,
  inspector_score   numeric(4,1) CHECK (inspector_score BETWEEN 0 AND 10),
  exploit_available boolean,
  fix_available     text,
  first_observed_at timestamptz NOT NULL,
  last_observed_at  timestamptz,
  updated_at        timestamptz NOT NULL,
  first_seen_date   date NOT NULL,
  last_seen_date    date NOT NULL,
  ingestion_id      bigint NOT NULL,
  CONSTRAINT inspector_findings_key UNIQUE (account_id, finding_arn)
);
CREATE INDEX inspector_findings_open_idx ON inspector_findings (account_id, severity) WHERE status = 'ACTIVE';

CREATE TABLE kms_keys (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id       varchar(12) NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
  arn              text NOT NULL,
  key_id           text NOT NULL,
  region           text NOT NULL,
  description      text,
  key_usage        text,
  key_spec         text,
  key_state        text NOT NULL,
  key_manager      text,
  origin           text,
  enabled          boolean NOT NULL,
  rotation_enabled boolean,
  multi_region     boolean,
  creation_date    timestamptz,
  deletion_date    timestamptz,
  attr_hash        text NOT NULL,
  valid_from       date NOT NULL,
  valid_to         date CHECK (valid_to > valid_from),
  ingestion_id     bigint,
  CONSTRAINT kms_keys_key UNIQUE (account_id, arn, valid_from)
);
CREATE UNIQUE INDEX kms_keys_current_key ON kms_keys (account_id, arn) WHERE valid_to IS NULL;
CREATE INDEX kms_keys_validity_idx ON kms_keys (account_id, valid_from, valid_to);

-- One row per web ACL (seed: waf_rules).
CREATE TABLE waf_web_acls (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id          varchar(12) NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
  arn                 text NOT NULL,
  web_acl_id          text NOT NULL,
  name                text NOT NULL,
  scope               text NOT NULL CHECK (scope IN ('REGIONAL','CLOUDFRONT')),
  region              text NOT NULL,
  description         text,
  default_action      text NOT NULL,
  capacity            integer,
  rules_count         integer NOT NULL CHECK (rules_count >= 0),
  managed_rule_groups integer NOT NULL CHECK (managed_rule_groups >= 0),
  rate_based_rules    integer NOT NULL CHECK (rate_based_rules >= 0),
  custom_rules        integer NOT NULL CHECK (custom_rules >= 0),
  logging_enabled     boolean NOT NULL,
  associated_resources text[] NOT NULL DEFAULT '{}',
  attr_hash           text NOT NULL,
  valid_from          date NOT NULL,
  valid_to            date CHECK (valid_to > valid_from),
  ingestion_id        bigint,
  CONSTRAINT waf_web_acls_key UNIQUE (account_id, arn, valid_from)
);
CREATE UNIQUE INDEX waf_web_acls_current_key ON waf_web_acls (account_id, arn) WHERE valid_to IS NULL;

-- One row per rule of a web ACL (seed: waf_rules_detailed).
CREATE TABLE waf_web_acl_rules (
  id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id         varchar(12) NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
  web_acl_arn        text NOT NULL,
  rule_name          text NOT NULL,
  priority           integer NOT NULL,
  action             text,
  statement_type     text NOT NULL,
  managed_vendor     text,
  managed_rule_group text,
  rate_limit         integer,
  geo_countries      text[] NOT NULL DEFAULT '{}',
  sqli_protection    boolean NOT NULL DEFAULT false,
  xss_protection     boolean NOT NULL DEFAULT false,
  ip_set_reference   boolean NOT NULL DEFAULT false,
  sampled_requests   boolean NOT NULL DEFAULT false,
  cloudwatch_metrics boolean NOT NULL DEFAULT false,
  attr_hash          text NOT NULL,
  valid_from         date NOT NULL,
  valid_to           date CHECK (valid_to > valid_from),
  ingestion_id       bigint,
  CONSTRAINT waf_web_acl_rules_key UNIQUE (account_id, web_acl_arn, rule_name, valid_from)
);
CREATE UNIQUE INDEX waf_web_acl_rules_current_key ON waf_web_acl_rules (account_id, web_acl_arn, rule_name) WHERE valid_to IS NULL;

-- CloudTrail trails and their logging status (seed: cloudtrail_logs).
CREATE TABLE cloudtrail_trails (
  id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id            varchar(12) NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
  arn                   text NOT NULL,
  name                  text NOT NULL,
  home_region           text NOT NULL,
  is_logging            boolean,
  is_multi_region       boolean NOT NULL,
  is_organization_trail boolean NOT NULL DEFAULT false,
  include_global_events boolean,
  log_file_validation   boolean,
  s3_bucket             text,
  kms_key_id            text,
  cloudwatch_logs_log_group_arn text,
  latest_delivery_time  timestamptz,
  latest_delivery_error text,
  start_logging_time    timestamptz,
  stop_logging_time     timestamptz,
  attr_hash             text NOT NULL,
  valid_from            date NOT NULL,
  valid_to              date CHECK (valid_to > valid_from),
  ingestion_id          bigint,
  CONSTRAINT cloudtrail_trails_key UNIQUE (account_id, arn, valid_from)
);
CREATE UNIQUE INDEX cloudtrail_trails_current_key ON cloudtrail_trails (account_id, arn) WHERE valid_to IS NULL;

CREATE TABLE secrets_manager_secrets (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id          varchar(12) NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
  arn                 text NOT NULL,
  name                text NOT NULL,
  region              text NOT NULL,
  description         text,
  kms_key_id          text,
  rotation_enabled    boolean NOT NULL,
  rotation_lambda_arn text,
  rotation_days       integer,
  created_date        timestamptz,
  last_changed_date   timestamptz,
  last_accessed_date  timestamptz,
  last_rotated_date   timestamptz,
  deleted_date        timestamptz,
  tags                jsonb NOT NULL DEFAULT '{}',
  attr_hash           text NOT NULL,
  valid_from          date NOT NULL,
  valid_to            date CHECK (valid_to > valid_from),
  ingestion_id        bigint,
  CONSTRAINT secrets_manager_secrets_key UNIQUE (account_id, arn, valid_from)
);
CREATE UNIQUE INDEX secrets_manager_secrets_current_key ON secrets_manager_secrets (account_id, arn) WHERE valid_to IS NULL;

CREATE TABLE certificates (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id          varchar(12) NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
  arn                 text NOT NULL,
  region              text NOT NULL,
  domain_name         text NOT NULL,
  subject_alternative_names text[] NOT NULL DEFAULT '{}',
  status              text NOT NULL,
  type                text,
  key_algorithm       text,
  in_use              boolean,
  renewal_eligibility text,
  created_at          timestamptz,
  issued_at           timestamptz,
  not_before          timestamptz,
  not_after           timestamptz,
  attr_hash           text NOT NULL,
  valid_from          date NOT NULL,
  valid_to            date CHECK (valid_to > valid_from),
  ingestion_id        bigint,
  CONSTRAINT certificates_key UNIQUE (account_id, arn, valid_from)
);
CREATE UNIQUE INDEX certificates_current_key ON certificates (account_id, arn) WHERE valid_to IS NULL;
CREATE INDEX certificates_expiry_idx ON certificates (not_after) WHERE valid_to IS NULL;
