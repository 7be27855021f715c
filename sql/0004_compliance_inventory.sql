-- Compliance, SSM inventory, service resources and Compute Optimizer: full state as versions
-- (see 0003_security.sql for the shape), plus a daily Config summary for trends.

-- Config compliance summary per snapshot (seed: config_reports), computed from the snapshot's rules.
CREATE TABLE config_reports (
  account_id          varchar(12) NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
  granularity         text NOT NULL CHECK (granularity IN ('DAILY','MONTHLY')),
  period_start        date NOT NULL,
  total_rules         integer NOT NULL CHECK (total_rules >= 0),
  compliant_rules     integer NOT NULL CHECK (compliant_rules >= 0),
  non_compliant_rules integer NOT NULL CHECK (non_compliant_rules >= 0),
  not_applicable_rules integer NOT NULL DEFAULT 0 CHECK (not_applicable_rules >= 0),
  insufficient_data_rules integer NOT NULL DEFAULT 0 CHECK (insufficient_data_rules >= 0),
  non_compliant_resources integer NOT NULL DEFAULT 0 CHECK (non_compliant_resources >= 0),
  -- compliant share of the rules that were evaluated; NULL when no rule was
  compliance_score    numeric(5,2) GENERATED ALWAYS AS (
    CASE WHEN compliant_rules + non_compliant_rules = 0 THEN NULL
         ELSE round(compliant_rules::numeric * 100 / (compliant_rules + non_compliant_rules), 2) END) STORED,
  ingestion_id        bigint NOT NULL,
  CONSTRAINT config_reports_key UNIQUE (account_id, granularity, period_start)
);

CREATE TABLE config_rules (
  id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id              varchar(12) NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
  region                  text NOT NULL,
  rule_name               text NOT NULL,
  compliance              text NOT NULL,
  conformance_pack        text,
  non_compliant_resources integer NOT NULL DEFAULT 0,
  cap_exceeded            boolean NOT NULL DEFAULT false,
  attr_hash               text NOT NULL,
  valid_from              date NOT NULL,
  valid_to                date CHECK (valid_to > valid_from),
  ingestion_id            bigint,
  CONSTRAINT config_rules_key UNIQUE (account_id, region, rule_name, valid_from)
);
CREATE UNIQUE INDEX config_rules_current_key ON config_rules (account_id, region, rule_name) WHERE valid_to IS NULL;

-- Rule evaluations per resource (seed: non_compliant_resources; v2 stored compliant ones there too).
CREATE TABLE config_evaluations (
  id                       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id               varchar(12) NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
  region                   text NOT NULL,
  rule_name                text NOT NULL,
  resource_type            text NOT NULL,
  resource_id              text NOT NULL,
  compliance_type          text NOT NULL,
  annotation               text,
  conformance_pack         text,
  evaluation_mode          text,
  result_recorded_time     timestamptz,
  config_rule_invoked_time timestamptz,
  attr_hash                text NOT NULL,
  valid_from               date NOT NULL,
  valid_to                 date CHECK (valid_to > valid_from),
  ingestion_id             bigint,
  CONSTRAINT config_evaluations_key UNIQUE (account_id, region, rule_name, resource_type, resource_id, valid_from)
);
CREATE UNIQUE INDEX config_evaluations_current_key
  ON config_evaluations (account_id, region, rule_name, resource_type, resource_id) WHERE valid_to IS NULL;
CREATE INDEX config_evaluations_noncompliant_idx ON config_evaluations (account_id) WHERE valid_to IS NULL AND compliance_type = 'NON_COMPLIANT';

-- SSM managed nodes (seed: inventory_instances), unique per account, not globally.
CREATE TABLE inventory_instances (
  id                       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id               varchar(12) NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
  instance_id              text NOT NULL,
  region                   text NOT NULL,
  resource_type            text,
  computer_name            text,
  ip_address               text,
  platform_type            text,
  platform_name            text,
  platform_version         text,
  agent_version            text,
  is_latest_version        boolean,
  ping_status              text,
  association_status       text,
  patches_installed        integer,
  patches_installed_other  integer,
  patches_installed_pending_reboot integer,
  patches_installed_rejected integer,
  patches_missing          integer,
  patches_failed           integer,
  patches_not_applicable   integer,
  patch_operation          text,
  patch_operation_end_time timestamptz,
  patch_baseline_id        text,
  attr_hash                text NOT NULL,
  valid_from               date NOT NULL,
  valid_to                 date CHECK (valid_to > valid_from),
  ingestion_id             bigint,
  CONSTRAINT inventory_instances_key UNIQUE (account_id, instance_id, valid_from)
);
CREATE UNIQUE INDEX inventory_instances_current_key ON inventory_instances (account_id, instance_id) WHERE valid_to IS NULL;

-- Installed applications, tied to their own instance (the seed attached them all to the first one).
CREATE TABLE inventory_applications (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id       varchar(12) NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
  instance_id      text NOT NULL,
  name             text NOT NULL,
  version          text NOT NULL DEFAULT '',
  architecture     text NOT NULL DEFAULT '',
  publisher        text,
  application_type text,
  install_time     timestamptz,
  attr_hash        text NOT NULL,
  valid_from       date NOT NULL,
  valid_to         date CHECK (valid_to > valid_from),
  ingestion_id     bigint,
  CONSTRAINT inventory_applications_key UNIQUE (account_id, instance_id, name, version, architecture, valid_from)
);
CREATE UNIQUE INDEX inventory_applications_current_key
  ON inventory_applications (account_id, instance_id, name, version, architecture) WHERE valid_to IS NULL;
CREATE INDEX inventory_applications_name_idx ON inventory_applications (name) WHERE valid_to IS NULL;

CREATE TABLE inventory_patches (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id     varchar(12) NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
  instance_id    text NOT NULL,
  kb_id          text NOT NULL,
  title          text NOT NULL,
  classification text,
  severity       text,
  state          text NOT NULL,
  installed_time timestamptz,
  attr_hash      text NOT NULL,
  valid_from     date NOT NULL,
  valid_to       date CHECK (valid_to > valid_from),
  ingestion_id   bigint,
  CONSTRAINT inventory_patches_key UNIQUE (account_id, instance_id, kb_id, valid_from)
);
CREATE UNIQUE INDEX inventory_patches_current_key ON inventory_patches (account_id, instance_id, kb_id) WHERE valid_to IS NULL;
CREATE INDEX inventory_patches_missing_idx ON inventory_patches (account_id) WHERE valid_to IS NULL AND state IN ('MISSING','FAILED');

-- Resources of core services (seed: service_resources, which had no unique key at all;
-- seed config_inventory was a duplicate of it and is not kept, see docs/schema.md).
CREATE TABLE service_resources (
  id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id          varchar(12) NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
  region              text NOT NULL,
  resource_type       text NOT NULL,
  resource_id         text NOT NULL,
  service             text NOT NULL,
  arn                 text,
  name                text,
  availability_zone   text,
  state               text,
  instance_type       text,
  vpc_id              text,
  engine              text,
  engine_version      text,
  instance_class      text,
  multi_az            boolean,
  size_gb             numeric(14,3),
  volume_type         text,
  encrypted           boolean,
  publicly_accessible boolean,
  runtime             text,
  memory_mb           integer,
  scheme              text,
  lb_type             text,
  instance_count      integer,
  min_size            integer,
  max_size            integer,
  available_ip_count  integer,
  created_at          timestamptz,
  tags                jsonb NOT NULL DEFAULT '{}',
  attr_hash           text NOT NULL,
  valid_from          date NOT NULL,
  valid_to            date CHECK (valid_to > valid_from),
  ingestion_id        bigint,
  CONSTRAINT service_resources_key UNIQUE (account_id, region, resource_type, resource_id, valid_from)
);
CREATE UNIQUE INDEX service_resources_current_key
  ON service_resources (account_id, region, resource_type, resource_id) WHERE valid_to IS NULL;
CREATE INDEX service_resources_service_idx ON service_resources (service, resource_type) WHERE valid_to IS NULL;
CREATE INDEX service_resources_validity_idx ON service_resources (account_id, valid_from, valid_to);

CREATE TABLE compute_optimizer (
  id                         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id                 varchar(12) NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
  resource_arn               text NOT NULL,
  resource_type              text NOT NULL,
  resource_name              text,
  region                     text NOT NULL,
  finding                    text NOT NULL,
  finding_reasons            text[] NOT NULL DEFAULT '{}',
  current_instance_type      text,
  current_memory_mb          integer,
  current_volume_type        text,
  current_volume_size_gb     integer,
  recommended_instance_type  text,
  recommended_memory_mb      integer,
  recommended_volume_type    text,
  recommended_volume_size_gb integer,
  savings_opportunity_pct    numeric(7,4) CHECK (savings_opportunity_pct BETWEEN 0 AND 100),
  estimated_monthly_savings  numeric(20,10),
  currency                   varchar(3) NOT NULL DEFAULT 'USD',
  performance_risk           numeric(3,2) CHECK (performance_risk BETWEEN 0 AND 4),
  cpu_utilization_max        numeric(7,4) CHECK (cpu_utilization_max BETWEEN 0 AND 100),
  memory_utilization_max     numeric(7,4) CHECK (memory_utilization_max BETWEEN 0 AND 100),
  lookback_days              numeric(6,2),
  attr_hash                  text NOT NULL,
  valid_from                 date NOT NULL,
  valid_to                   date CHECK (valid_to > valid_from),
  ingestion_id               bigint,
  CONSTRAINT compute_optimizer_key UNIQUE (account_id, resource_arn, valid_from)
);
CREATE UNIQUE INDEX compute_optimizer_current_key ON compute_optimizer (account_id, resource_arn) WHERE valid_to IS NULL;
CREATE INDEX compute_optimizer_finding_idx ON compute_optimizer (finding) WHERE valid_to IS NULL;
