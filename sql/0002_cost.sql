-- Cost facts: time series keyed by account and date (or period), never overwritten by a later day.

-- Daily (or monthly) cost and usage per service and usage type (seed: services).
CREATE TABLE services (
  account_id     varchar(12) NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
  granularity    text NOT NULL CHECK (granularity IN ('DAILY','MONTHLY')),
  usage_date     date NOT NULL,
  service        text NOT NULL,
  usage_type     text NOT NULL,
  cost           numeric(20,10) NOT NULL,
  usage_quantity numeric(24,6) CHECK (usage_quantity >= 0),
  usage_unit     text,
  currency       varchar(3) NOT NULL DEFAULT 'USD',
  ingestion_id   bigint NOT NULL,
  CONSTRAINT services_key UNIQUE (account_id, granularity, usage_date, service, usage_type)
);
CREATE INDEX services_date_idx ON services (granularity, usage_date);
CREATE INDEX services_service_idx ON services (service, usage_date);

-- One cost report per account and period (seed: cost_reports).
CREATE TABLE cost_reports (
  account_id            varchar(12) NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
  granularity           text NOT NULL CHECK (granularity IN ('DAILY','MONTHLY')),
  period_start          date NOT NULL,
  period_end            date NOT NULL CHECK (period_end > period_start),
  currency              varchar(3) NOT NULL DEFAULT 'USD',
  current_period_cost   numeric(20,10) NOT NULL,
  previous_period_cost  numeric(20,10) NOT NULL,
  previous_period_start date NOT NULL,
  previous_period_end   date NOT NULL,
  cost_difference       numeric(20,10) GENERATED ALWAYS AS (current_period_cost - previous_period_cost) STORED,
  -- NULL when there is nothing to compare with (the seed wrote 0, which reads as "no change")
  cost_difference_pct   numeric(20,4) GENERATED ALWAYS AS (
    CASE WHEN previous_period_cost = 0 THEN NULL
         ELSE round((current_period_cost - previous_period_cost) / abs(previous_period_cost) * 100, 4) END) STORED,
  credits               numeric(20,10),
  ingestion_id          bigint NOT NULL,
  CONSTRAINT cost_reports_key UNIQUE (account_id, granularity, period_start)
);
CREATE INDEX cost_reports_period_idx ON cost_reports (granularity, period_start);

-- Top services of a cost report (seed: service_costs).
CREATE TABLE service_costs (
  account_id   varchar(12) NOT NULL,
  granularity  text NOT NULL,
  period_start date NOT NULL,
  rank         smallint NOT NULL CHECK (rank >= 1),
  service_name text NOT NULL,
  cost         numeric(20,10) NOT NULL,
  CONSTRAINT service_costs_key UNIQUE (account_id, granularity, period_start, service_name),
  FOREIGN KEY (account_id, granularity, period_start)
    REFERENCES cost_reports (account_id, granularity, period_start) ON DELETE CASCADE
);

-- Cost Explorer forecast made with a cost report, with its prediction interval (seed: cost_forecasts).
CREATE TABLE cost_forecasts (
  account_id     varchar(12) NOT NULL,
  granularity    text NOT NULL,
  period_start   date NOT NULL,
  forecast_start date NOT NULL,
  forecast_end   date NOT NULL CHECK (forecast_end > forecast_start),
  mean_amount    numeric(20,10) NOT NULL,
  lower_bound    numeric(20,10),
  upper_bound    numeric(20,10),
  CONSTRAINT cost_forecasts_key UNIQUE (account_id, granularity, period_start, forecast_start),
  FOREIGN KEY (account_id, granularity, period_start)
    REFERENCES cost_reports (account_id, granularity, period_start) ON DELETE CASCADE
);
CREATE INDEX cost_forecasts_target_idx ON cost_forecasts (account_id, forecast_start);

-- Marketplace charges per product and day (seed: marketplace_usage).
CREATE TABLE marketplace_usage (
  account_id   varchar(12) NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
  usage_date   date NOT NULL,
  product_name text NOT NULL,
  product_code text,
  cost         numeric(20,10) NOT NULL,
  currency     varchar(3) NOT NULL DEFAULT 'USD',
  ingestion_id bigint NOT NULL,
  CONSTRAINT marketplace_usage_key UNIQUE (account_id, usage_date, product_name)
);

-- Daily utilization and savings per Reserved Instance / Savings Plan (seed v2: ri_sp_daily_savings).
CREATE TABLE ri_sp_daily_savings (
  account_id           varchar(12) NOT NULL REFERENCES accounts (account_id) ON DELETE CASCADE,
  usage_date           date NOT NULL,
  reservation_type     text NOT NULL CHECK (reservation_type IN ('RI','SP')),
  subscription_id      text NOT NULL,
  service              text,
  region               text,
  instance_type        text,
  instance_count       integer CHECK (instance_count >= 0),
  offering_type        text,
  plan_type            text,
  state                text,
  utilization_pct      numeric(7,4) CHECK (utilization_pct BETWEEN 0 AND 100),
  on_demand_equivalent numeric(20,10),
  amortized_commitment numeric(20,10),
  used_commitment      numeric(20,10),
  total_commitment     numeric(20,10),
  net_savings          numeric(20,10),
  currency             varchar(3) NOT NULL DEFAULT 'USD',
  start_time           timestamptz,
  end_time             timestamptz,
  ingestion_id         bigint NOT NULL,
  CONSTRAINT ri_sp_daily_savings_key UNIQUE (account_id, usage_date, reservation_type, subscription_id)
);
CREATE INDEX ri_sp_daily_savings_date_idx ON ri_sp_daily_savings (usage_date);
