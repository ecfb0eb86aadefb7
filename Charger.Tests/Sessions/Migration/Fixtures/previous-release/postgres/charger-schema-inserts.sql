--
-- PostgreSQL database dump
--

\restrict 4wdm2K8aNFnBWrSGZjs5cIVAQChupdKWrtpYS2tZcUxob8CTpOrLc6OQDT85xTT

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: charger; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA charger;


--
-- Name: session_counts_keep(); Type: FUNCTION; Schema: charger; Owner: -
--

CREATE FUNCTION charger.session_counts_keep() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE charger.session_counts SET n = n - 1 WHERE charger_id = OLD.charger_id AND status = OLD.status;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO charger.session_counts AS c (charger_id, status, n) VALUES (NEW.charger_id, NEW.status, 1)
            ON CONFLICT (charger_id, status) DO UPDATE SET n = c.n + 1;
    END IF;
    RETURN NULL;
END;
$$;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: journal; Type: TABLE; Schema: charger; Owner: -
--

CREATE TABLE charger.journal (
    ordering bigint NOT NULL,
    persistence_id text NOT NULL,
    sequence_nr bigint NOT NULL,
    manifest text NOT NULL,
    schema_version integer NOT NULL,
    payload text NOT NULL,
    "timestamp" timestamp with time zone NOT NULL
);


--
-- Name: journal_metadata; Type: TABLE; Schema: charger; Owner: -
--

CREATE TABLE charger.journal_metadata (
    persistence_id text NOT NULL,
    highest_sequence_nr bigint NOT NULL
);


--
-- Name: journal_ordering_seq; Type: SEQUENCE; Schema: charger; Owner: -
--

ALTER TABLE charger.journal ALTER COLUMN ordering ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME charger.journal_ordering_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: schema_version; Type: TABLE; Schema: charger; Owner: -
--

CREATE TABLE charger.schema_version (
    version integer NOT NULL,
    description text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);


--
-- Name: session_counts; Type: TABLE; Schema: charger; Owner: -
--

CREATE TABLE charger.session_counts (
    charger_id text NOT NULL COLLATE pg_catalog."C",
    status text NOT NULL COLLATE pg_catalog."C",
    n bigint NOT NULL
);


--
-- Name: session_events; Type: TABLE; Schema: charger; Owner: -
--

CREATE TABLE charger.session_events (
    session_id text NOT NULL COLLATE pg_catalog."C",
    "position" integer NOT NULL,
    event_type text NOT NULL,
    "timestamp" timestamp with time zone NOT NULL,
    from_state integer,
    to_state integer,
    message text
);


--
-- Name: sessions; Type: TABLE; Schema: charger; Owner: -
--

CREATE TABLE charger.sessions (
    session_id text NOT NULL COLLATE pg_catalog."C",
    charger_id text NOT NULL COLLATE pg_catalog."C",
    user_id text COLLATE pg_catalog."C",
    status text NOT NULL COLLATE pg_catalog."C",
    start_time timestamp with time zone NOT NULL,
    end_time timestamp with time zone,
    start_state integer NOT NULL,
    end_state integer,
    end_reason text,
    last_state integer NOT NULL,
    event_count integer DEFAULT 0 NOT NULL,
    link_degraded jsonb DEFAULT '[]'::jsonb NOT NULL,
    CONSTRAINT sessions_status_check CHECK ((status = ANY (ARRAY['ACTIVE'::text, 'COMPLETED'::text, 'CANCELLED'::text, 'FAULTED'::text])))
);


--
-- Name: snapshots; Type: TABLE; Schema: charger; Owner: -
--

CREATE TABLE charger.snapshots (
    persistence_id text NOT NULL,
    sequence_nr bigint NOT NULL,
    manifest text NOT NULL,
    schema_version integer NOT NULL,
    payload text NOT NULL,
    "timestamp" timestamp with time zone NOT NULL
);


--
-- Data for Name: journal; Type: TABLE DATA; Schema: charger; Owner: -
--

INSERT INTO charger.journal OVERRIDING SYSTEM VALUE VALUES (1, 'sessions-cp-1', 1, 'start-authorized', 1, '{"userId":"driver-1","at":"2026-12-07T04:31:13.8270533+00:00"}', '2026-12-07 04:31:13.836671+00');
INSERT INTO charger.journal OVERRIDING SYSTEM VALUE VALUES (2, 'sessions-cp-1', 2, 'session-opened', 1, '{"sessionId":"16220954-4401-4b26-81b0-014829d18c07","chargerId":"cp-1","userId":"driver-1","at":"2026-12-07T04:31:16.968525+00:00","startState":5}', '2026-12-07 04:31:16.972212+00');
INSERT INTO charger.journal OVERRIDING SYSTEM VALUE VALUES (3, 'sessions-cp-1', 3, 'session-event-recorded', 1, '{"sessionId":"16220954-4401-4b26-81b0-014829d18c07","type":"ChargeStarted","at":"2026-12-07T04:31:16.968525+00:00","chargerSequence":6,"fromState":4,"toState":5,"message":null}', '2026-12-07 04:31:16.972212+00');
INSERT INTO charger.journal OVERRIDING SYSTEM VALUE VALUES (4, 'sessions-cp-1', 4, 'session-event-recorded', 1, '{"sessionId":"16220954-4401-4b26-81b0-014829d18c07","type":"ChargePaused","at":"2026-12-07T04:31:20.2269231+00:00","chargerSequence":7,"fromState":5,"toState":6,"message":null}', '2026-12-07 04:31:20.227644+00');
INSERT INTO charger.journal OVERRIDING SYSTEM VALUE VALUES (5, 'sessions-cp-1', 5, 'session-event-recorded', 1, '{"sessionId":"16220954-4401-4b26-81b0-014829d18c07","type":"ChargeStarted","at":"2026-12-07T04:31:24.0203152+00:00","chargerSequence":8,"fromState":6,"toState":5,"message":null}', '2026-12-07 04:31:24.020471+00');
INSERT INTO charger.journal OVERRIDING SYSTEM VALUE VALUES (6, 'sessions-cp-1', 6, 'session-event-recorded', 1, '{"sessionId":"16220954-4401-4b26-81b0-014829d18c07","type":"ChargeStopped","at":"2026-12-07T04:31:27.473765+00:00","chargerSequence":9,"fromState":5,"toState":7,"message":null}', '2026-12-07 04:31:27.476383+00');
INSERT INTO charger.journal OVERRIDING SYSTEM VALUE VALUES (7, 'sessions-cp-1', 7, 'session-closed', 1, '{"sessionId":"16220954-4401-4b26-81b0-014829d18c07","status":"Completed","at":"2026-12-07T04:31:27.473765+00:00","endState":7,"reason":"stopped"}', '2026-12-07 04:31:27.476383+00');
INSERT INTO charger.journal OVERRIDING SYSTEM VALUE VALUES (8, 'sessions-cp-1', 8, 'start-authorized', 1, '{"userId":"driver-2","at":"2026-12-07T04:31:39.1048289+00:00"}', '2026-12-07 04:31:39.10523+00');
INSERT INTO charger.journal OVERRIDING SYSTEM VALUE VALUES (9, 'sessions-cp-1', 9, 'session-opened', 1, '{"sessionId":"93c89b8f-4eb3-470a-97a2-32d2ecdb4825","chargerId":"cp-1","userId":"driver-2","at":"2026-12-07T04:31:41.9447786+00:00","startState":5}', '2026-12-07 04:31:41.945501+00');
INSERT INTO charger.journal OVERRIDING SYSTEM VALUE VALUES (10, 'sessions-cp-1', 10, 'session-event-recorded', 1, '{"sessionId":"93c89b8f-4eb3-470a-97a2-32d2ecdb4825","type":"ChargeStarted","at":"2026-12-07T04:31:41.9447786+00:00","chargerSequence":16,"fromState":4,"toState":5,"message":null}', '2026-12-07 04:31:41.945501+00');
INSERT INTO charger.journal OVERRIDING SYSTEM VALUE VALUES (11, 'sessions-cp-1', 11, 'session-link-degraded', 1, '{"sessionId":"93c89b8f-4eb3-470a-97a2-32d2ecdb4825","at":"2026-12-07T04:31:44.735559+00:00","reason":"Serial link /work/fixtures/run/postgres-data/simulator/ttyESP32 is down: end of file (read returned 0: the device hung up)."}', '2026-12-07 04:31:44.735918+00');
INSERT INTO charger.journal OVERRIDING SYSTEM VALUE VALUES (12, 'sessions-cp-1', 12, 'session-link-restored', 1, '{"sessionId":"93c89b8f-4eb3-470a-97a2-32d2ecdb4825","at":"2026-12-07T04:31:54.0332011+00:00"}', '2026-12-07 04:31:54.033783+00');
INSERT INTO charger.journal OVERRIDING SYSTEM VALUE VALUES (13, 'sessions-cp-1', 13, 'session-event-recorded', 1, '{"sessionId":"93c89b8f-4eb3-470a-97a2-32d2ecdb4825","type":"ChargeStopped","at":"2026-12-07T04:32:01.2875463+00:00","chargerSequence":19,"fromState":5,"toState":7,"message":null}', '2026-12-07 04:32:01.287693+00');
INSERT INTO charger.journal OVERRIDING SYSTEM VALUE VALUES (14, 'sessions-cp-1', 14, 'session-closed', 1, '{"sessionId":"93c89b8f-4eb3-470a-97a2-32d2ecdb4825","status":"Completed","at":"2026-12-07T04:32:01.2875463+00:00","endState":7,"reason":"stopped"}', '2026-12-07 04:32:01.287693+00');
INSERT INTO charger.journal OVERRIDING SYSTEM VALUE VALUES (15, 'sessions-cp-1', 15, 'start-authorized', 1, '{"userId":"driver-3","at":"2026-12-07T04:32:14.7151521+00:00"}', '2026-12-07 04:32:14.715193+00');
INSERT INTO charger.journal OVERRIDING SYSTEM VALUE VALUES (16, 'sessions-cp-1', 16, 'session-opened', 1, '{"sessionId":"db3168a7-f074-414d-b4a4-2cdeef0a41b0","chargerId":"cp-1","userId":"driver-3","at":"2026-12-07T04:32:17.4556448+00:00","startState":5}', '2026-12-07 04:32:17.455858+00');
INSERT INTO charger.journal OVERRIDING SYSTEM VALUE VALUES (17, 'sessions-cp-1', 17, 'session-event-recorded', 1, '{"sessionId":"db3168a7-f074-414d-b4a4-2cdeef0a41b0","type":"ChargeStarted","at":"2026-12-07T04:32:17.4556448+00:00","chargerSequence":26,"fromState":4,"toState":5,"message":null}', '2026-12-07 04:32:17.455858+00');
INSERT INTO charger.journal OVERRIDING SYSTEM VALUE VALUES (18, 'sessions-cp-1', 18, 'session-event-recorded', 1, '{"sessionId":"db3168a7-f074-414d-b4a4-2cdeef0a41b0","type":"ChargePaused","at":"2026-12-07T04:32:24.2065708+00:00","chargerSequence":27,"fromState":5,"toState":6,"message":null}', '2026-12-07 04:32:24.206731+00');
INSERT INTO charger.journal OVERRIDING SYSTEM VALUE VALUES (19, 'sessions-cp-1', 19, 'session-event-recorded', 1, '{"sessionId":"db3168a7-f074-414d-b4a4-2cdeef0a41b0","type":"ChargeStarted","at":"2026-12-07T04:32:27.9121773+00:00","chargerSequence":28,"fromState":6,"toState":5,"message":null}', '2026-12-07 04:32:27.912362+00');
INSERT INTO charger.journal OVERRIDING SYSTEM VALUE VALUES (20, 'sessions-cp-1', 20, 'session-event-recorded', 1, '{"sessionId":"db3168a7-f074-414d-b4a4-2cdeef0a41b0","type":"ChargePaused","at":"2026-12-07T04:32:30.0601489+00:00","chargerSequence":29,"fromState":5,"toState":6,"message":null}', '2026-12-07 04:32:30.060256+00');
INSERT INTO charger.journal OVERRIDING SYSTEM VALUE VALUES (21, 'sessions-cp-1', 21, 'session-event-recorded', 1, '{"sessionId":"db3168a7-f074-414d-b4a4-2cdeef0a41b0","type":"StateChanged","at":"2026-12-07T04:32:33.1025931+00:00","chargerSequence":30,"fromState":6,"toState":4,"message":null}', '2026-12-07 04:32:33.102751+00');
INSERT INTO charger.journal OVERRIDING SYSTEM VALUE VALUES (22, 'sessions-cp-1', 22, 'session-event-recorded', 1, '{"sessionId":"db3168a7-f074-414d-b4a4-2cdeef0a41b0","type":"ChargeStarted","at":"2026-12-07T04:32:34.3470896+00:00","chargerSequence":31,"fromState":4,"toState":5,"message":null}', '2026-12-07 04:32:34.347212+00');


--
-- Data for Name: journal_metadata; Type: TABLE DATA; Schema: charger; Owner: -
--



--
-- Data for Name: schema_version; Type: TABLE DATA; Schema: charger; Owner: -
--

INSERT INTO charger.schema_version VALUES (1, 'event journal', '2026-12-07 04:30:59.442114+00');
INSERT INTO charger.schema_version VALUES (2, 'snapshots', '2026-12-07 04:30:59.442114+00');
INSERT INTO charger.schema_version VALUES (3, 'session query tables', '2026-12-07 04:30:59.442114+00');


--
-- Data for Name: session_counts; Type: TABLE DATA; Schema: charger; Owner: -
--

INSERT INTO charger.session_counts VALUES ('cp-1', 'COMPLETED', 2);
INSERT INTO charger.session_counts VALUES ('cp-1', 'ACTIVE', 1);


--
-- Data for Name: session_events; Type: TABLE DATA; Schema: charger; Owner: -
--

INSERT INTO charger.session_events VALUES ('16220954-4401-4b26-81b0-014829d18c07', 1, 'ChargeStarted', '2026-12-07 04:31:16.968525+00', 4, 5, NULL);
INSERT INTO charger.session_events VALUES ('16220954-4401-4b26-81b0-014829d18c07', 2, 'ChargePaused', '2026-12-07 04:31:20.226923+00', 5, 6, NULL);
INSERT INTO charger.session_events VALUES ('16220954-4401-4b26-81b0-014829d18c07', 3, 'ChargeStarted', '2026-12-07 04:31:24.020315+00', 6, 5, NULL);
INSERT INTO charger.session_events VALUES ('16220954-4401-4b26-81b0-014829d18c07', 4, 'ChargeStopped', '2026-12-07 04:31:27.473765+00', 5, 7, NULL);
INSERT INTO charger.session_events VALUES ('93c89b8f-4eb3-470a-97a2-32d2ecdb4825', 1, 'ChargeStarted', '2026-12-07 04:31:41.944778+00', 4, 5, NULL);
INSERT INTO charger.session_events VALUES ('93c89b8f-4eb3-470a-97a2-32d2ecdb4825', 2, 'LinkDown', '2026-12-07 04:31:44.735559+00', NULL, NULL, 'Serial link /work/fixtures/run/postgres-data/simulator/ttyESP32 is down: end of file (read returned 0: the device hung up).');
INSERT INTO charger.session_events VALUES ('93c89b8f-4eb3-470a-97a2-32d2ecdb4825', 3, 'LinkUp', '2026-12-07 04:31:54.033201+00', NULL, NULL, NULL);
INSERT INTO charger.session_events VALUES ('93c89b8f-4eb3-470a-97a2-32d2ecdb4825', 4, 'ChargeStopped', '2026-12-07 04:32:01.287546+00', 5, 7, NULL);
INSERT INTO charger.session_events VALUES ('db3168a7-f074-414d-b4a4-2cdeef0a41b0', 1, 'ChargeStarted', '2026-12-07 04:32:17.455644+00', 4, 5, NULL);
INSERT INTO charger.session_events VALUES ('db3168a7-f074-414d-b4a4-2cdeef0a41b0', 2, 'ChargePaused', '2026-12-07 04:32:24.20657+00', 5, 6, NULL);
INSERT INTO charger.session_events VALUES ('db3168a7-f074-414d-b4a4-2cdeef0a41b0', 3, 'ChargeStarted', '2026-12-07 04:32:27.912177+00', 6, 5, NULL);
INSERT INTO charger.session_events VALUES ('db3168a7-f074-414d-b4a4-2cdeef0a41b0', 4, 'ChargePaused', '2026-12-07 04:32:30.060148+00', 5, 6, NULL);
INSERT INTO charger.session_events VALUES ('db3168a7-f074-414d-b4a4-2cdeef0a41b0', 5, 'StateChanged', '2026-12-07 04:32:33.102593+00', 6, 4, NULL);
INSERT INTO charger.session_events VALUES ('db3168a7-f074-414d-b4a4-2cdeef0a41b0', 6, 'ChargeStarted', '2026-12-07 04:32:34.347089+00', 4, 5, NULL);


--
-- Data for Name: sessions; Type: TABLE DATA; Schema: charger; Owner: -
--

INSERT INTO charger.sessions VALUES ('16220954-4401-4b26-81b0-014829d18c07', 'cp-1', 'driver-1', 'COMPLETED', '2026-12-07 04:31:16.968525+00', '2026-12-07 04:31:27.473765+00', 5, 7, 'stopped', 7, 4, '[]');
INSERT INTO charger.sessions VALUES ('93c89b8f-4eb3-470a-97a2-32d2ecdb4825', 'cp-1', 'driver-2', 'COMPLETED', '2026-12-07 04:31:41.944778+00', '2026-12-07 04:32:01.287546+00', 5, 7, 'stopped', 7, 4, '[{"from": "2026-12-07T04:31:44.735559+00:00", "until": "2026-12-07T04:31:54.0332011+00:00", "reason": "Serial link /work/fixtures/run/postgres-data/simulator/ttyESP32 is down: end of file (read returned 0: the device hung up)."}]');
INSERT INTO charger.sessions VALUES ('db3168a7-f074-414d-b4a4-2cdeef0a41b0', 'cp-1', 'driver-3', 'ACTIVE', '2026-12-07 04:32:17.455644+00', NULL, 5, NULL, NULL, 5, 6, '[]');


--
-- Data for Name: snapshots; Type: TABLE DATA; Schema: charger; Owner: -
--

INSERT INTO charger.snapshots VALUES ('sessions-cp-1', 20, 'session-snapshot', 1, '{"open":{"sessionId":"db3168a7-f074-414d-b4a4-2cdeef0a41b0","chargerId":"cp-1","userId":"driver-3","startedAt":"2026-12-07T04:32:17.4556448+00:00","startState":5,"status":"Active","endedAt":null,"endState":null,"endReason":null,"lastState":6,"events":[{"sessionId":"db3168a7-f074-414d-b4a4-2cdeef0a41b0","type":"ChargeStarted","at":"2026-12-07T04:32:17.4556448+00:00","chargerSequence":26,"fromState":4,"toState":5,"message":null},{"sessionId":"db3168a7-f074-414d-b4a4-2cdeef0a41b0","type":"ChargePaused","at":"2026-12-07T04:32:24.2065708+00:00","chargerSequence":27,"fromState":5,"toState":6,"message":null},{"sessionId":"db3168a7-f074-414d-b4a4-2cdeef0a41b0","type":"ChargeStarted","at":"2026-12-07T04:32:27.9121773+00:00","chargerSequence":28,"fromState":6,"toState":5,"message":null},{"sessionId":"db3168a7-f074-414d-b4a4-2cdeef0a41b0","type":"ChargePaused","at":"2026-12-07T04:32:30.0601489+00:00","chargerSequence":29,"fromState":5,"toState":6,"message":null}],"linkDegraded":[],"energyKwh":null,"isOpen":true,"isLinkDegraded":false},"pendingUserId":null,"startAcceptedWhileOpen":false}', '2026-12-07 04:32:30.065632+00');


--
-- Name: journal_ordering_seq; Type: SEQUENCE SET; Schema: charger; Owner: -
--

SELECT pg_catalog.setval('charger.journal_ordering_seq', 22, true);


--
-- Name: journal_metadata journal_metadata_pkey; Type: CONSTRAINT; Schema: charger; Owner: -
--

ALTER TABLE ONLY charger.journal_metadata
    ADD CONSTRAINT journal_metadata_pkey PRIMARY KEY (persistence_id);


--
-- Name: journal journal_persistence_id_sequence_nr_key; Type: CONSTRAINT; Schema: charger; Owner: -
--

ALTER TABLE ONLY charger.journal
    ADD CONSTRAINT journal_persistence_id_sequence_nr_key UNIQUE (persistence_id, sequence_nr);


--
-- Name: journal journal_pkey; Type: CONSTRAINT; Schema: charger; Owner: -
--

ALTER TABLE ONLY charger.journal
    ADD CONSTRAINT journal_pkey PRIMARY KEY (ordering);


--
-- Name: schema_version schema_version_pkey; Type: CONSTRAINT; Schema: charger; Owner: -
--

ALTER TABLE ONLY charger.schema_version
    ADD CONSTRAINT schema_version_pkey PRIMARY KEY (version);


--
-- Name: session_counts session_counts_pkey; Type: CONSTRAINT; Schema: charger; Owner: -
--

ALTER TABLE ONLY charger.session_counts
    ADD CONSTRAINT session_counts_pkey PRIMARY KEY (charger_id, status);


--
-- Name: session_events session_events_pkey; Type: CONSTRAINT; Schema: charger; Owner: -
--

ALTER TABLE ONLY charger.session_events
    ADD CONSTRAINT session_events_pkey PRIMARY KEY (session_id, "position");


--
-- Name: sessions sessions_pkey; Type: CONSTRAINT; Schema: charger; Owner: -
--

ALTER TABLE ONLY charger.sessions
    ADD CONSTRAINT sessions_pkey PRIMARY KEY (session_id);


--
-- Name: snapshots snapshots_pkey; Type: CONSTRAINT; Schema: charger; Owner: -
--

ALTER TABLE ONLY charger.snapshots
    ADD CONSTRAINT snapshots_pkey PRIMARY KEY (persistence_id, sequence_nr);


--
-- Name: sessions_by_charger; Type: INDEX; Schema: charger; Owner: -
--

CREATE INDEX sessions_by_charger ON charger.sessions USING btree (charger_id, start_time DESC, session_id DESC);


--
-- Name: sessions_by_charger_status; Type: INDEX; Schema: charger; Owner: -
--

CREATE INDEX sessions_by_charger_status ON charger.sessions USING btree (charger_id, status, start_time DESC, session_id DESC);


--
-- Name: sessions_by_charger_user; Type: INDEX; Schema: charger; Owner: -
--

CREATE INDEX sessions_by_charger_user ON charger.sessions USING btree (charger_id, user_id, start_time DESC, session_id DESC);


--
-- Name: sessions_by_charger_user_status; Type: INDEX; Schema: charger; Owner: -
--

CREATE INDEX sessions_by_charger_user_status ON charger.sessions USING btree (charger_id, user_id, status, start_time DESC, session_id DESC);


--
-- Name: sessions_by_end; Type: INDEX; Schema: charger; Owner: -
--

CREATE INDEX sessions_by_end ON charger.sessions USING btree (end_time) WHERE (end_time IS NOT NULL);


--
-- Name: sessions session_counts_on_insert_or_delete; Type: TRIGGER; Schema: charger; Owner: -
--

CREATE TRIGGER session_counts_on_insert_or_delete AFTER INSERT OR DELETE ON charger.sessions FOR EACH ROW EXECUTE FUNCTION charger.session_counts_keep();


--
-- Name: sessions session_counts_on_update; Type: TRIGGER; Schema: charger; Owner: -
--

CREATE TRIGGER session_counts_on_update AFTER UPDATE OF charger_id, status ON charger.sessions FOR EACH ROW WHEN (((old.charger_id IS DISTINCT FROM new.charger_id) OR (old.status IS DISTINCT FROM new.status))) EXECUTE FUNCTION charger.session_counts_keep();


--
-- Name: session_events session_events_session_id_fkey; Type: FK CONSTRAINT; Schema: charger; Owner: -
--

ALTER TABLE ONLY charger.session_events
    ADD CONSTRAINT session_events_session_id_fkey FOREIGN KEY (session_id) REFERENCES charger.sessions(session_id) ON DELETE CASCADE;


--
-- PostgreSQL database dump complete
--

\unrestrict 4wdm2K8aNFnBWrSGZjs5cIVAQChupdKWrtpYS2tZcUxob8CTpOrLc6OQDT85xTT

