-- SPDX-License-Identifier: MIT
--
-- libauth0logout-pg: the PostgreSQL source of the swap store (doc/rules.md
-- R10.3-R10.5).  Apply it with
--
--   psql -v ON_ERROR_STOP=1 -f auth0logout-pg.sql DBNAME
--
-- as often as you like: every statement is idempotent (CREATE ... IF NOT
-- EXISTS, CREATE OR REPLACE FUNCTION, DROP TRIGGER IF EXISTS + CREATE
-- TRIGGER), and the whole file is one transaction.  PostgreSQL 11 or later.
--
-- The tables keep Auth0 Management API objects as they are:
--   auth0logout_tenants  (id, settings)       GET /api/v2/tenants/settings
--   auth0logout_clients  (tenant_id, client_id, client)
--                                             GET /api/v2/clients/{id}
-- Write them with ordinary INSERT, UPDATE and DELETE (or
-- auth0logout_pg_import); never set change_seq yourself, the triggers do.
--
-- How a loader follows them:
--   - Every insert or update takes the next value of auth0logout_change_seq
--     into the row's change_seq; every deleted client leaves a tombstone
--     in auth0logout_deleted_clients with a sequence number of its own.
--     An update that changes nothing keeps its number.
--   - Writers are serialized by a transaction-level advisory lock (key
--     AUTH0LOGOUT_LOCK below), taken before any row is touched (a
--     statement trigger) and held until commit, so sequence numbers are
--     handed out in commit order: a snapshot that sees a change sees every
--     change with a smaller number.  A loader that has applied everything
--     up to N reads "change_seq > N" and misses nothing.
--   - Each change NOTIFYs channel auth0logout with the tenant's id as the
--     payload (once per transaction and tenant: PostgreSQL folds equal
--     notifications).  Notifications are only wake-ups; a lost one costs
--     nothing, the next catch-up reads the sequence.
--   - TRUNCATE fires no row triggers, so it is refused: use DELETE.
--   - Tombstones are kept.  Pruning them is safe only below the change_seq
--     every loader has applied (its health says which).
--   - Numbers never go back, unless the database does (a failover to a
--     replica that lagged, a point-in-time restore) or someone calls
--     setval: new commits could then be numbered at or below the N a
--     loader applied, and "change_seq > N" would miss them.  Each catch-up
--     also reads the sequence's last value and the largest number among
--     the tenant's rows and tombstones; when either is below N the loader
--     warns ("the change sequence went back from N to M") and reloads the
--     tenant in full, at every sync until the numbers are past N again.
--     Never setval auth0logout_change_seq below max(change_seq).
--   - The functions resolve the tables and the sequence in the schema this
--     file was applied to (SET search_path FROM CURRENT), whatever the
--     writer's search_path; the writer still names the tables it writes
--     (schema-qualified, or through its own search_path).
--
-- Privileges: a loader needs SELECT on the three tables, and SELECT or
-- USAGE on auth0logout_change_seq to see it go back (without, it reads no
-- value and relies on the rows alone); LISTEN needs none.  The triggers
-- run as the writer, who needs INSERT, UPDATE and DELETE on the three
-- tables and USAGE on auth0logout_change_seq.

BEGIN;

-- Quiet when applied again ("already exists, skipping").
SET LOCAL client_min_messages = warning;

-- Two sessions applying this file at once wait for each other.
DO $$
BEGIN
	PERFORM pg_advisory_xact_lock(7003216646293648757);
END
$$;

-- Everything goes where it always went, the first schema of the
-- search_path that exists; for the rest of this transaction the
-- search_path is that schema alone (then pg_temp), which each function
-- keeps (SET search_path FROM CURRENT): the triggers find the tables and
-- the sequence there whatever the writer's search_path.
DO $$
BEGIN
	IF current_schema() IS NULL THEN
		RAISE EXCEPTION 'auth0logout: no schema to create in (the '
			'search_path names none that exists)';
	END IF;
	PERFORM set_config('search_path',
		format('%I, pg_temp', current_schema()), true);
END
$$;

CREATE SEQUENCE IF NOT EXISTS auth0logout_change_seq AS bigint;

CREATE TABLE IF NOT EXISTS auth0logout_tenants (
	id text PRIMARY KEY,
	settings jsonb NOT NULL DEFAULT '{}'
		CHECK (jsonb_typeof(settings) = 'object'),
	change_seq bigint NOT NULL
);

CREATE TABLE IF NOT EXISTS auth0logout_clients (
	tenant_id text NOT NULL REFERENCES auth0logout_tenants (id)
		ON DELETE CASCADE ON UPDATE CASCADE,
	client_id text NOT NULL,
	client jsonb NOT NULL CHECK (jsonb_typeof(client) = 'object'),
	change_seq bigint NOT NULL,
	PRIMARY KEY (tenant_id, client_id)
);

CREATE TABLE IF NOT EXISTS auth0logout_deleted_clients (
	tenant_id text NOT NULL,
	client_id text NOT NULL,
	change_seq bigint NOT NULL,
	PRIMARY KEY (tenant_id, client_id)
);

CREATE INDEX IF NOT EXISTS auth0logout_clients_seq
	ON auth0logout_clients (tenant_id, change_seq);
CREATE INDEX IF NOT EXISTS auth0logout_deleted_clients_seq
	ON auth0logout_deleted_clients (tenant_id, change_seq);

-- The writers' lock (AUTH0LOGOUT_LOCK = 0x61306c6f676f7574, "a0logout").
-- Taken by a BEFORE statement trigger, before the statement locks any
-- row, so that two writers never wait for each other's rows while holding
-- it; the row triggers take it again (a no-op once held).
CREATE OR REPLACE FUNCTION auth0logout_lock() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
	PERFORM pg_advisory_xact_lock(7003216646293648756);
	RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION auth0logout_no_truncate() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
	RAISE EXCEPTION 'auth0logout: TRUNCATE of % would bypass the change '
		'sequence; use DELETE', TG_TABLE_NAME;
END
$$;

-- BEFORE INSERT OR UPDATE of a tenant: its sequence number.
CREATE OR REPLACE FUNCTION auth0logout_tenant_seq() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
	PERFORM pg_advisory_xact_lock(7003216646293648756);
	IF TG_OP = 'UPDATE' AND NEW.id = OLD.id
	   AND NEW.settings = OLD.settings THEN
		NEW.change_seq := OLD.change_seq;
	ELSE
		NEW.change_seq := nextval('auth0logout_change_seq');
	END IF;
	RETURN NEW;
END
$$;

-- AFTER INSERT, UPDATE OR DELETE of a tenant: the notification.  Its
-- clients go by the foreign key's cascade, each leaving a tombstone.
CREATE OR REPLACE FUNCTION auth0logout_tenant_notify() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
	IF TG_OP IN ('UPDATE', 'DELETE') THEN
		IF TG_OP = 'DELETE' OR NEW.id <> OLD.id
		   OR NEW.change_seq <> OLD.change_seq THEN
			PERFORM pg_notify('auth0logout', OLD.id);
		END IF;
	END IF;
	IF TG_OP IN ('INSERT', 'UPDATE') THEN
		IF TG_OP = 'INSERT' OR NEW.change_seq <> OLD.change_seq THEN
			PERFORM pg_notify('auth0logout', NEW.id);
		END IF;
	END IF;
	RETURN NULL;
END
$$;

-- BEFORE INSERT OR UPDATE of a client: its sequence number.
CREATE OR REPLACE FUNCTION auth0logout_client_seq() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
	PERFORM pg_advisory_xact_lock(7003216646293648756);
	IF TG_OP = 'UPDATE' AND NEW.tenant_id = OLD.tenant_id
	   AND NEW.client_id = OLD.client_id AND NEW.client = OLD.client THEN
		NEW.change_seq := OLD.change_seq;
	ELSE
		NEW.change_seq := nextval('auth0logout_change_seq');
	END IF;
	RETURN NEW;
END
$$;

-- AFTER INSERT, UPDATE OR DELETE of a client: the tombstone of a key that
-- went away (a delete, or an update that changed the key), no tombstone
-- for a key that is there (an insert, an update), the notification.
CREATE OR REPLACE FUNCTION auth0logout_client_log() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
	IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE'
	   AND (NEW.tenant_id <> OLD.tenant_id
	        OR NEW.client_id <> OLD.client_id)) THEN
		INSERT INTO auth0logout_deleted_clients
			(tenant_id, client_id, change_seq)
		VALUES (OLD.tenant_id, OLD.client_id,
		        nextval('auth0logout_change_seq'))
		ON CONFLICT (tenant_id, client_id)
		DO UPDATE SET change_seq = EXCLUDED.change_seq;
		PERFORM pg_notify('auth0logout', OLD.tenant_id);
	END IF;
	IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE'
	   AND NEW.change_seq <> OLD.change_seq) THEN
		DELETE FROM auth0logout_deleted_clients
		WHERE tenant_id = NEW.tenant_id AND client_id = NEW.client_id;
		PERFORM pg_notify('auth0logout', NEW.tenant_id);
	END IF;
	RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS auth0logout_lock ON auth0logout_tenants;
CREATE TRIGGER auth0logout_lock
	BEFORE INSERT OR UPDATE OR DELETE ON auth0logout_tenants
	FOR EACH STATEMENT EXECUTE FUNCTION auth0logout_lock();
DROP TRIGGER IF EXISTS auth0logout_no_truncate ON auth0logout_tenants;
CREATE TRIGGER auth0logout_no_truncate
	BEFORE TRUNCATE ON auth0logout_tenants
	FOR EACH STATEMENT EXECUTE FUNCTION auth0logout_no_truncate();
DROP TRIGGER IF EXISTS auth0logout_seq ON auth0logout_tenants;
CREATE TRIGGER auth0logout_seq
	BEFORE INSERT OR UPDATE ON auth0logout_tenants
	FOR EACH ROW EXECUTE FUNCTION auth0logout_tenant_seq();
DROP TRIGGER IF EXISTS auth0logout_notify ON auth0logout_tenants;
CREATE TRIGGER auth0logout_notify
	AFTER INSERT OR UPDATE OR DELETE ON auth0logout_tenants
	FOR EACH ROW EXECUTE FUNCTION auth0logout_tenant_notify();

DROP TRIGGER IF EXISTS auth0logout_lock ON auth0logout_clients;
CREATE TRIGGER auth0logout_lock
	BEFORE INSERT OR UPDATE OR DELETE ON auth0logout_clients
	FOR EACH STATEMENT EXECUTE FUNCTION auth0logout_lock();
DROP TRIGGER IF EXISTS auth0logout_no_truncate ON auth0logout_clients;
CREATE TRIGGER auth0logout_no_truncate
	BEFORE TRUNCATE ON auth0logout_clients
	FOR EACH STATEMENT EXECUTE FUNCTION auth0logout_no_truncate();
DROP TRIGGER IF EXISTS auth0logout_seq ON auth0logout_clients;
CREATE TRIGGER auth0logout_seq
	BEFORE INSERT OR UPDATE ON auth0logout_clients
	FOR EACH ROW EXECUTE FUNCTION auth0logout_client_seq();
DROP TRIGGER IF EXISTS auth0logout_log ON auth0logout_clients;
CREATE TRIGGER auth0logout_log
	AFTER INSERT OR UPDATE OR DELETE ON auth0logout_clients
	FOR EACH ROW EXECUTE FUNCTION auth0logout_client_log();

DROP TRIGGER IF EXISTS auth0logout_no_truncate ON auth0logout_deleted_clients;
CREATE TRIGGER auth0logout_no_truncate
	BEFORE TRUNCATE ON auth0logout_deleted_clients
	FOR EACH STATEMENT EXECUTE FUNCTION auth0logout_no_truncate();

COMMIT;
