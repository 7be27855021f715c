-- Findings of the anomaly detectors. Shaped like AWS Cost Anomaly Detection's output (expected,
-- actual, impact in $ and %, score, root causes in evidence) so both can be compared side by side.
CREATE TABLE anomalies (
  anomaly_id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  detector        text NOT NULL,
  -- NULL for organization-wide anomalies (one burst across many accounts)
  account_id      varchar(12) REFERENCES accounts (account_id) ON DELETE CASCADE,
  -- what was measured, e.g. 'service:Amazon EC2', 'event:RunInstances', 'principal:arn:…'
  dimension       text NOT NULL,
  anomaly_date    date NOT NULL,
  window_start    timestamptz,
  window_end      timestamptz,
  observed        double precision,
  expected        double precision,
  lower_bound     double precision,
  upper_bound     double precision,
  score           double precision NOT NULL,
  severity        text NOT NULL CHECK (severity IN ('LOW','MEDIUM','HIGH','CRITICAL')),
  impact_usd      numeric(20,4),
  impact_pct      numeric(20,4),
  explanation     text NOT NULL,
  evidence        jsonb NOT NULL DEFAULT '{}',
  status          text NOT NULL DEFAULT 'open'
                  CHECK (status IN ('open','acknowledged','resolved','false_positive','expected')),
  feedback        text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT anomalies_key UNIQUE NULLS NOT DISTINCT (detector, account_id, dimension, anomaly_date)
);
CREATE INDEX anomalies_date_idx ON anomalies (anomaly_date, severity);
CREATE INDEX anomalies_account_idx ON anomalies (account_id, anomaly_date);
CREATE INDEX anomalies_open_idx ON anomalies (status) WHERE status = 'open';
