-- Organisation structure and dossiers (issue 4). Dates are calendar dates in Asia/Ho_Chi_Minh.

-- Government levels and units (reception points) of the organisation configuration file; written by saveOrg().
CREATE TABLE org_levels (
  code text PRIMARY KEY,
  name text NOT NULL,
  position integer NOT NULL
);

CREATE TABLE units (
  code text PRIMARY KEY,
  name text NOT NULL,
  short_name text,
  level text NOT NULL,
  receives text[] NOT NULL,             -- authorities whose dossiers this counter receives
  lat double precision,
  lng double precision,
  position integer NOT NULL DEFAULT 0,  -- order of the configuration file
  active boolean NOT NULL DEFAULT true, -- false once a new configuration drops it (old dossiers keep their code)
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE dossiers (
  code text PRIMARY KEY,                -- the dossier system's code; re-importing it updates the row
  procedure_code text NOT NULL,         -- national code without the .000.00.00.Hxx suffix
  authority text NOT NULL CHECK (authority IN ('province', 'district', 'commune', 'vertical')),
  reception_point text NOT NULL,        -- unit code
  received_date date NOT NULL,
  due_date date NOT NULL,
  finished_date date,
  withdrawn_date date,
  channel text NOT NULL CHECK (channel IN ('online', 'counter', 'postal')),
  fully_online boolean NOT NULL DEFAULT false,
  paid_online boolean NOT NULL DEFAULT false,
  digitised_at_receipt boolean NOT NULL DEFAULT false,
  result_digitised boolean,             -- null: nothing to digitise
  apology_sent boolean,
  -- First day the dossier is no longer open, 'infinity' while open. A dossier is in a period's scope iff
  -- received_date <= end AND closed_on >= start: one range scan of one index finds a period's dossiers,
  -- however long the history.
  closed_on date GENERATED ALWAYS AS (COALESCE(LEAST(finished_date, withdrawn_date), 'infinity'::date)) STORED,
  imported_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT dossiers_due_not_before_received CHECK (due_date >= received_date),
  CONSTRAINT dossiers_one_ending CHECK (finished_date IS NULL OR withdrawn_date IS NULL),
  CONSTRAINT dossiers_finished_not_before_received CHECK (finished_date IS NULL OR finished_date >= received_date),
  CONSTRAINT dossiers_withdrawn_not_before_received CHECK (withdrawn_date IS NULL OR withdrawn_date >= received_date)
);

CREATE INDEX dossiers_scope ON dossiers (closed_on, received_date);
CREATE INDEX dossiers_unit_scope ON dossiers (reception_point, closed_on, received_date);
