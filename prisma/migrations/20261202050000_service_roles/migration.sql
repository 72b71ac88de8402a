-- Written by hand (issue 15): tasks-api and reminder-agent connect as roles of
-- their own, like audit-agent (migration 20261127052606), each with rights on
-- its own tables only; the schema owner is left to migrations. Locally the
-- roles sign in by trust on loopback; in a cluster their passwords live in
-- the secret store with the rest of each connection URL.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'taskmesh_tasks_api') THEN
    CREATE ROLE "taskmesh_tasks_api" LOGIN;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'taskmesh_reminder_agent') THEN
    CREATE ROLE "taskmesh_reminder_agent" LOGIN;
  END IF;
END
$$;

-- tasks-api: users and sessions, tasks and their series, reminders as set, push subscriptions, its outbox.
GRANT SELECT, INSERT, UPDATE, DELETE ON
  "users", "refresh_tokens", "idempotency_keys", "tasks", "recurring_series", "outbox_events",
  "reminders", "reminder_delivery_reports", "push_subscriptions"
  TO "taskmesh_tasks_api";
GRANT USAGE ON SEQUENCE "outbox_events_seq_seq" TO "taskmesh_tasks_api";

-- reminder-agent: its schedule, deliveries, copy of push subscriptions, notifications, its outbox.
GRANT SELECT, INSERT, UPDATE, DELETE ON
  "reminder_agent_schedule", "reminder_agent_deliveries", "reminder_agent_push_subscriptions",
  "notifications", "reminder_agent_outbox_events"
  TO "taskmesh_reminder_agent";
GRANT USAGE ON SEQUENCE "reminder_agent_deliveries_id_seq", "reminder_agent_outbox_events_seq_seq" TO "taskmesh_reminder_agent";
