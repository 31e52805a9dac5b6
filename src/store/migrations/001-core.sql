-- Core tables of the chat loop: the Zalo token pair, citizens, conversation state, outbound log, officers.

CREATE TABLE zalo_tokens (
  id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  access_token text NOT NULL,
  refresh_token text NOT NULL,
  access_expires_at timestamptz NOT NULL,
  refreshed_at timestamptz,
  generation integer NOT NULL DEFAULT 0
);

CREATE TABLE zalo_users (
  user_id text PRIMARY KEY,             -- OA-scoped id (user_id / sender.id)
  app_user_id text,                     -- mini-app scoped id (user_id_by_app), links the mini-app to chat
  display_name text,
  follower boolean NOT NULL DEFAULT false,
  last_interaction_at timestamptz,
  human_handoff_until timestamptz,      -- while set and in the future, the bot stays quiet for this citizen
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX zalo_users_app_user_id ON zalo_users (app_user_id) WHERE app_user_id IS NOT NULL;

-- Every event the bot has acted on: the durable half of de-duplication (Redis holds the fast half).
CREATE TABLE processed_events (
  event_id text PRIMARY KEY,
  event_name text NOT NULL,
  user_id text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);

-- Each message the bot decided to send; the idempotency key makes a retried job send nothing twice.
CREATE TABLE outbound_messages (
  idempotency_key text PRIMARY KEY,
  user_id text NOT NULL,
  kind text NOT NULL,
  body jsonb NOT NULL,
  -- 'sending': a request to Zalo may be in flight; a retry first asks Zalo whether it arrived (no double reply).
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'undeliverable', 'failed')),
  zalo_message_id text,
  error_code integer,
  error_reason text,
  attempts integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbound_messages_user ON outbound_messages (user_id, created_at);
CREATE INDEX outbound_messages_status ON outbound_messages (status) WHERE status IN ('queued', 'sending', 'failed', 'undeliverable');

CREATE TABLE officers (
  zalo_user_id text PRIMARY KEY,
  unit_code text NOT NULL,
  role text NOT NULL CHECK (role IN ('officer', 'leader', 'admin')),
  display_name text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX officers_unit ON officers (unit_code);

-- Citizens handed to people ("gặp cán bộ"): an officer takes it from the OA console.
CREATE TABLE handoffs (
  id bigserial PRIMARY KEY,
  user_id text NOT NULL,
  requested_at timestamptz NOT NULL DEFAULT now(),
  event_id text NOT NULL UNIQUE
);
