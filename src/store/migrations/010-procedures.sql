-- Procedure catalogue (issue 3). One row per national code; a full re-import marks missing codes withdrawn and never
-- deletes them, so old dossiers still resolve their procedure.
CREATE TABLE procedures (
  code text PRIMARY KEY,                -- national code without the .000.00.00.Hxx suffix, e.g. 1.001193
  name text NOT NULL,
  field text NOT NULL,
  sector text,                          -- from config/field-sectors.json; null when the field is not in the table
  group_name text,                      -- the handbook's group ("Tư pháp - Hộ tịch")
  authority text NOT NULL CHECK (authority IN ('province', 'district', 'commune', 'vertical')),
  reception_point text,
  online_level text CHECK (online_level IN ('full', 'partial', 'none')),
  processing_time text,
  fee text,
  documents jsonb NOT NULL DEFAULT '[]',
  steps jsonb NOT NULL DEFAULT '[]',
  legal_basis jsonb NOT NULL DEFAULT '[]',
  online_url text,
  interconnected boolean NOT NULL DEFAULT false,
  boundary_free boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'withdrawn')),
  keywords jsonb NOT NULL DEFAULT '[]',
  aliases jsonb NOT NULL DEFAULT '[]',
  channels jsonb NOT NULL DEFAULT '[]',
  source jsonb NOT NULL DEFAULT '[]',   -- where each part came from (file, line, decision): TProcedureSource[]
  updated_at timestamptz NOT NULL DEFAULT now(),
  withdrawn_at timestamptz
);
CREATE INDEX procedures_status_field ON procedures (status, field);

-- Bumped by every import that changes something: each process compares it with the version of its in-memory
-- search index, so several servers and workers rebuild after one officer's import.
CREATE TABLE catalogue_version (
  id integer PRIMARY KEY CHECK (id = 1),
  version bigint NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO catalogue_version (id, version) VALUES (1, 0);

-- What citizens looked for and did not find, grouped by the folded query. No user id and no personal data: the
-- example is masked (phone and ID numbers) before it is stored.
CREATE TABLE search_queries (
  query_key text PRIMARY KEY,           -- folded (no tone marks, lower case) understood query
  query text NOT NULL,                  -- the understood query as last written, marks kept
  confidence text NOT NULL CHECK (confidence IN ('weak', 'none')),
  count integer NOT NULL DEFAULT 1,
  first_seen timestamptz NOT NULL DEFAULT now(),
  last_seen timestamptz NOT NULL DEFAULT now(),
  last_example text NOT NULL            -- the last raw query, masked and cut to 200 characters
);
CREATE INDEX search_queries_frequency ON search_queries (count DESC, last_seen DESC);
