-- Feedback and petitions (phản ánh, kiến nghị, "PAKN"), issue 5. Dates are calendar dates in Asia/Ho_Chi_Minh.

-- PA-YYMM-NNNN: one counter per month of receipt, taken with an atomic upsert.
CREATE TABLE feedback_sequences (
  month text PRIMARY KEY,               -- 'YYMM'
  last integer NOT NULL
);

CREATE TABLE feedback_items (
  code text PRIMARY KEY,                -- PA-2406-0007, or the code of the channel it was imported from
  source text NOT NULL CHECK (source IN ('national_portal', 'province', 'city')),
  channel text NOT NULL,                -- zalo, miniapp, counter, hotline, national_portal, … (free text for imports)
  citizen_user_id text,                 -- OA user id of the citizen who filed it in Zalo / the mini-app
  subject text,
  content text NOT NULL,
  unit_code text NOT NULL,              -- the unit that must answer
  routed_by text NOT NULL DEFAULT 'desk' CHECK (routed_by IN ('chosen', 'location', 'procedure', 'desk', 'import', 'reassigned', 'reopened')),
  procedure_code text,
  lat double precision,
  lng double precision,
  status text NOT NULL CHECK (status IN ('received', 'answered', 'rejected', 'reopened')),
  received_at timestamptz NOT NULL DEFAULT now(),
  received_date date NOT NULL,
  due_date date,                        -- null for imported items without one
  closed_date date,                     -- set when answered or rejected; cleared when reopened
  answer text,
  answered_by text,                     -- officer's Zalo id or 'api:<who>'
  answered_at timestamptz,
  reject_reason text,
  rating text CHECK (rating IN ('satisfied', 'unsatisfied')),
  rated_at timestamptz,
  reopen_count integer NOT NULL DEFAULT 0,
  -- How the citizen learns of the answer: sent in chat, by template, or kept until they next write / open the mini-app.
  answer_notice text CHECK (answer_notice IN ('chat', 'template', 'pending', 'shown')),
  reminded_at timestamptz,              -- "due in 2 working days" sent to the unit's officers (once)
  overdue_alerted_at timestamptz,       -- overdue alert sent to the unit's leaders (once)
  filed_event_id text UNIQUE,           -- the chat event (or API request id) that filed it: filing twice files once
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (closed_date IS NULL OR closed_date >= received_date)
);
CREATE INDEX feedback_items_received ON feedback_items (received_date);
CREATE INDEX feedback_items_open ON feedback_items (unit_code, received_at) WHERE status IN ('received', 'reopened');
CREATE INDEX feedback_items_citizen ON feedback_items (citizen_user_id, received_at) WHERE citizen_user_id IS NOT NULL;

CREATE TABLE feedback_attachments (
  feedback_code text NOT NULL REFERENCES feedback_items (code) ON DELETE CASCADE,
  seq integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('image', 'file')),
  source_url text,                      -- where it came from (Zalo's link expires); null for direct uploads
  original_name text,
  stored_path text,                     -- relative to ATTACHMENT_DIR once stored
  mime text,
  size_bytes bigint,
  sha256 text,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'stored', 'rejected', 'failed')),
  reason text,                          -- why rejected or failed, in Vietnamese (shown to the citizen)
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (feedback_code, seq)
);

-- The item's timeline: who did what, when.
CREATE TABLE feedback_events (
  id bigserial PRIMARY KEY,
  feedback_code text NOT NULL REFERENCES feedback_items (code) ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,                  -- 'citizen', an officer's Zalo id, 'api', 'system', 'import'
  action text NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX feedback_events_code ON feedback_events (feedback_code, id);

-- Citizens who chose to follow an existing item instead of filing the same thing again.
CREATE TABLE feedback_followers (
  feedback_code text NOT NULL REFERENCES feedback_items (code) ON DELETE CASCADE,
  user_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (feedback_code, user_id)
);

-- A citizen's half-finished chat dialog (feedback filing): survives restarts, expires politely.
CREATE TABLE dialogs (
  user_id text PRIMARY KEY,
  kind text NOT NULL,
  state jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
