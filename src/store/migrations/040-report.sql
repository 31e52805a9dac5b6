-- The monthly report (issue 6): officer-written parts kept per period, and per-period state.

-- One row per period and part (header fields, narrative sections); see src/report/texts.ts for the parts.
CREATE TABLE report_texts (
  period_key text NOT NULL,             -- '2024-06'
  part text NOT NULL,                   -- 'II.1', 'signer.name', …
  text text NOT NULL,
  updated_by text NOT NULL,             -- officer's Zalo id, 'cli:<user>', 'api', 'system:default', 'system:copy-2024-05', 'demo'
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (period_key, part)
);

-- A period's texts are started once (from the latest earlier period's texts, else the defaults): this row is the
-- claim, so two processes reading a new period at once copy once. drafted_at: the report was drafted when the
-- period closed (the scheduled job), once across all instances.
CREATE TABLE report_periods (
  period_key text PRIMARY KEY,
  texts_from text,                      -- the period the texts were copied from; null: defaults
  started_at timestamptz NOT NULL DEFAULT now(),
  drafted_at timestamptz,
  drafted_by text
);
