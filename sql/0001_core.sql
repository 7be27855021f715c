-- Accounts, products, ingestions and collector runs: the spine every other table hangs from.
-- Conventions (docs/schema.md): natural keys, a UNIQUE constraint behind every upsert key,
-- timestamptz for instants, date for calendar days, account_id = the 12-digit AWS account id.

CREATE TABLE accounts (
  account_id            varchar(12) PRIMARY KEY CHECK (account_id ~ '^[0-9]{12}$'),
  account_name          text NOT NULL,
  account_email         text,
  account_status        text NOT NULL DEFAULT 'ACTIVE',
  account_arn           text,
  joined_method         text,
  joined_timestamp      timestamptz,
  account_type          text NOT NULL DEFAULT 'unknown'
                        CHECK (account_type IN ('production','staging','development','testing','sandbox','unknown')),
  organization_id       text,
  management_account_id varchar(12),
  ou_id                 text,
  ou_path               text[] NOT NULL DEFAULT '{}',
  tags                  jsonb NOT NULL DEFAULT '{}',
  environment           text GENERATED ALWAYS AS (tags ->> 'Environment') STORED,
  cost_center           text GENERATED ALWAYS AS (tags ->> 'CostCenter') STORED,
  partner_name          text,
  customer_name         text,
  category              text,
  csp                   text NOT NULL DEFAULT 'AWS',
  -- the snapshot date these attributes come from; an older snapshot never overwrites them
  attributes_as_of      date NOT NULL,
  first_snapshot_date   date NOT NULL,
  last_snapshot_date    date NOT NULL,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX accounts_account_type_idx ON accounts (account_type);
CREATE INDEX accounts_last_snapshot_idx ON accounts (last_snapshot_date);

CREATE TABLE products (
  product_id  integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name        text NOT NULL,
  owner       text,
  position    text,
  description text,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT products_name_key UNIQUE (name)
);

CREATE TABLE product_accounts (
  product_id integer NOT NULL REFERENCES products (product_id) ON DELETE CASCADE,
  account_id varchar(12) NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
  -- 'tag' when linked from the account's Product tag by the receiver, 'manual' otherwise
  source     text NOT NULL DEFAULT 'manual' CHECK (source IN ('tag','manual')),
  CONSTRAINT product_accounts_key UNIQUE (product_id, account_id)
);
CREATE INDEX product_accounts_account_idx ON product_accounts (account_id);

-- One row per file the receiver processed, whatever happened to it.
CREATE TABLE ingestions (
  ingestion_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  object_key       text NOT NULL,
  etag             text,
  sha256           char(64),
  bytes            bigint CHECK (bytes >= 0),
  uncompressed_bytes bigint CHECK (uncompressed_bytes >= 0),
  account_id       varchar(12),
  granularity      text CHECK (granularity IN ('DAILY','MONTHLY')),
  period_start     date,
  source_format    text,
  status           text NOT NULL CHECK (status IN ('processing','loaded','rejected','failed','duplicate')),
  reason           text,
  error            jsonb,
  rows_by_table    jsonb NOT NULL DEFAULT '{}',
  unknown_fields   integer NOT NULL DEFAULT 0 CHECK (unknown_fields >= 0),
  started_at       timestamptz NOT NULL DEFAULT now(),
  finished_at      timestamptz,
  duration_ms      integer CHECK (duration_ms >= 0)
);
CREATE INDEX ingestions_object_key_idx ON ingestions (object_key);
CREATE INDEX ingestions_sha256_idx ON ingestions (sha256) WHERE status = 'loaded';
CREATE INDEX ingestions_account_period_idx ON ingestions (account_id, period_start);
CREATE INDEX ingestions_status_idx ON ingestions (status, started_at);

-- What each collector reported for a snapshot (replaces the seed's logs / log_messages).
-- Also the coverage record: a state table is known on the dates its collector was ok or partial.
CREATE TABLE collector_runs (
  account_id   varchar(12) NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
  granularity  text NOT NULL CHECK (granularity IN ('DAILY','MONTHLY')),
  period_start date NOT NULL,
  collector    text NOT NULL,
  status       text NOT NULL CHECK (status IN ('ok','partial','failed','access_denied','not_enabled','skipped')),
  error        text,
  duration_ms  integer NOT NULL CHECK (duration_ms >= 0),
  api_calls    integer NOT NULL CHECK (api_calls >= 0),
  truncated    boolean NOT NULL DEFAULT false,
  regions      jsonb,
  ingestion_id bigint NOT NULL,
  CONSTRAINT collector_runs_key UNIQUE (account_id, granularity, period_start, collector)
);
CREATE INDEX collector_runs_period_idx ON collector_runs (period_start, status);

-- One row per loaded snapshot: which days each account reported.
CREATE TABLE snapshots (
  account_id    varchar(12) NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
  granularity   text NOT NULL CHECK (granularity IN ('DAILY','MONTHLY')),
  period_start  date NOT NULL,
  period_end    date NOT NULL CHECK (period_end > period_start),
  collected_at  timestamptz NOT NULL,
  regions       text[] NOT NULL,
  sender_version text,
  ingestion_id  bigint NOT NULL,
  loaded_at     timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT snapshots_key UNIQUE (account_id, granularity, period_start)
);
CREATE INDEX snapshots_period_idx ON snapshots (granularity, period_start);

-- Contact details are state: versions with validity ranges (see docs/schema.md, "State tables").
CREATE TABLE contact_info (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id      varchar(12) NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
  full_name       text,
  company_name    text,
  address_line1   text,
  address_line2   text,
  address_line3   text,
  city            text,
  state_or_region text,
  postal_code     text,
  country_code    varchar(2),
  phone_number    text,
  website_url     text,
  attr_hash       text NOT NULL,
  valid_from      date NOT NULL,
  valid_to        date CHECK (valid_to > valid_from),
  ingestion_id    bigint,
  CONSTRAINT contact_info_key UNIQUE (account_id, valid_from)
);
CREATE UNIQUE INDEX contact_info_current_key ON contact_info (account_id) WHERE valid_to IS NULL;

CREATE TABLE alternate_contacts (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  account_id   varchar(12) NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
  contact_type text NOT NULL CHECK (contact_type IN ('billing','operations','security')),
  full_name    text,
  title        text,
  email        text,
  phone_number text,
  attr_hash    text NOT NULL,
  valid_from   date NOT NULL,
  valid_to     date CHECK (valid_to > valid_from),
  ingestion_id bigint,
  CONSTRAINT alternate_contacts_key UNIQUE (account_id, contact_type, valid_from)
);
CREATE UNIQUE INDEX alternate_contacts_current_key ON alternate_contacts (account_id, contact_type) WHERE valid_to IS NULL;
