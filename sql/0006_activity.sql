-- CloudTrail activity: daily aggregates of write management events and the individual
-- security-relevant events that sequence detection needs.

CREATE TABLE activity_events (
  account_id     varchar(12) NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
  activity_date  date NOT NULL,
  event_source   text NOT NULL,
  event_name     text NOT NULL,
  region         text NOT NULL,
  principal_arn  text,
  principal_type text NOT NULL,
  source_ip      text,
  user_agent     text,
  error_code     text,
  -- the dimensions can be long (user agents) and NULL, so the key is a hash of all of them
  dims_hash      uuid GENERATED ALWAYS AS (md5(
    event_source || chr(31) || event_name || chr(31) || region || chr(31) ||
    coalesce(principal_arn, chr(9216)) || chr(31) || principal_type || chr(31) ||
    coalesce(source_ip, chr(9216)) || chr(31) || coalesce(user_agent, chr(9216)) || chr(31) ||
    coalesce(error_code, chr(9216)))::uuid) STORED,
  event_count    integer NOT NULL CHECK (event_count >= 1),
  units          bigint CHECK (units >= 0),
  first_seen     timestamptz NOT NULL,
  last_seen      timestamptz NOT NULL CHECK (last_seen >= first_seen),
  ingestion_id   bigint NOT NULL,
  CONSTRAINT activity_events_key UNIQUE (account_id, activity_date, dims_hash)
);
CREATE INDEX activity_events_date_idx ON activity_events (activity_date);
CREATE INDEX activity_events_name_idx ON activity_events (event_name, activity_date);

CREATE TABLE activity_security_events (
  account_id           varchar(12) NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
  event_id             text NOT NULL,
  event_time           timestamptz NOT NULL,
  activity_date        date NOT NULL,
  event_source         text NOT NULL,
  event_name           text NOT NULL,
  region               text NOT NULL,
  principal_arn        text,
  principal_type       text NOT NULL,
  principal_account_id varchar(12),
  source_ip            text,
  user_agent           text,
  error_code           text,
  resources            jsonb NOT NULL DEFAULT '{}',
  ingestion_id         bigint NOT NULL,
  CONSTRAINT activity_security_events_key UNIQUE (account_id, event_id)
);
CREATE INDEX activity_security_events_time_idx ON activity_security_events (account_id, event_time);
CREATE INDEX activity_security_events_principal_idx ON activity_security_events (principal_arn, event_time);
CREATE INDEX activity_security_events_date_idx ON activity_security_events (activity_date);
