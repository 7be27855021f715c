-- Trusted Advisor, Health, Application Signals, Resilience Hub and Support.

CREATE TABLE trusted_advisor_checks (
  id                        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id                varchar(12) NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
  check_id                  text NOT NULL,
  check_name                text NOT NULL,
  category                  text NOT NULL,
  status                    text NOT NULL CHECK (status IN ('ok','warning','error','not_available')),
  resources_flagged         integer NOT NULL DEFAULT 0 CHECK (resources_flagged >= 0),
  resources_processed       integer CHECK (resources_processed >= 0),
  estimated_monthly_savings numeric(20,10),
  currency                  varchar(3) NOT NULL DEFAULT 'USD',
  check_timestamp           timestamptz,
  attr_hash                 text NOT NULL,
  valid_from                date NOT NULL,
  valid_to                  date CHECK (valid_to > valid_from),
  ingestion_id              bigint,
  CONSTRAINT trusted_advisor_checks_key UNIQUE (account_id, check_id, valid_from)
);
CREATE UNIQUE INDEX trusted_advisor_checks_current_key ON trusted_advisor_checks (account_id, check_id) WHERE valid_to IS NULL;

-- AWS Health events: one row per event, the newest last_updated_time wins.
CREATE TABLE health_events (
  account_id          varchar(12) NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
  arn                 text NOT NULL,
  service             text NOT NULL,
  event_type_code     text NOT NULL,
  event_type_category text NOT NULL,
  region              text,
  availability_zone   text,
  status_code         text NOT NULL CHECK (status_code IN ('open','closed','upcoming')),
  scope               text,
  start_time          timestamptz,
  end_time            timestamptz,
  last_updated_time   timestamptz NOT NULL,
  affected_entities   integer NOT NULL DEFAULT 0,
  first_seen_date     date NOT NULL,
  last_seen_date      date NOT NULL,
  ingestion_id        bigint NOT NULL,
  CONSTRAINT health_events_key UNIQUE (account_id, arn)
);
CREATE INDEX health_events_start_idx ON health_events (start_time);
CREATE INDEX health_events_open_idx ON health_events (account_id) WHERE status_code <> 'closed';

CREATE TABLE application_signals (
  id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id        varchar(12) NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
  region            text NOT NULL,
  service_name      text NOT NULL,
  environment       text NOT NULL DEFAULT '',
  service_type      text,
  key_attributes    jsonb NOT NULL DEFAULT '{}',
  metric_references integer NOT NULL DEFAULT 0,
  attr_hash         text NOT NULL,
  valid_from        date NOT NULL,
  valid_to          date CHECK (valid_to > valid_from),
  ingestion_id      bigint,
  CONSTRAINT application_signals_key UNIQUE (account_id, region, service_name, environment, valid_from)
);
CREATE UNIQUE INDEX application_signals_current_key
  ON application_signals (account_id, region, service_name, environment) WHERE valid_to IS NULL;

CREATE TABLE resilience_hub_apps (
  id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id           varchar(12) NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
  app_arn              text NOT NULL,
  name                 text NOT NULL,
  region               text NOT NULL,
  description          text,
  compliance_status    text,
  resiliency_score     numeric(5,2) CHECK (resiliency_score BETWEEN 0 AND 100),
  status               text,
  drift_status         text,
  policy_name          text,
  rpo_seconds          integer,
  rto_seconds          integer,
  creation_time        timestamptz,
  last_assessment_time timestamptz,
  last_drill_time      timestamptz,
  attr_hash            text NOT NULL,
  valid_from           date NOT NULL,
  valid_to             date CHECK (valid_to > valid_from),
  ingestion_id         bigint,
  CONSTRAINT resilience_hub_apps_key UNIQUE (account_id, app_arn, valid_from)
);
CREATE UNIQUE INDEX resilience_hub_apps_current_key ON resilience_hub_apps (account_id, app_arn) WHERE valid_to IS NULL;

-- Support cases: one row per case, the newest update wins.
CREATE TABLE support_tickets (
  account_id      varchar(12) NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
  case_id         text NOT NULL,
  display_id      text,
  subject         text NOT NULL,
  status          text NOT NULL,
  severity_code   text NOT NULL,
  service_code    text,
  category_code   text,
  submitted_by    text,
  language        text,
  time_created    timestamptz NOT NULL,
  last_updated    timestamptz,
  first_seen_date date NOT NULL,
  last_seen_date  date NOT NULL,
  ingestion_id    bigint NOT NULL,
  CONSTRAINT support_tickets_key UNIQUE (account_id, case_id)
);
CREATE INDEX support_tickets_created_idx ON support_tickets (account_id, time_created);
