-- Administrators' expiry reminders. A run records, in its results transaction, what each held
-- credential near its expiry still needs (renewal_needs: renewal requirements only, never lived
-- experience or exams), one message per administrator in the outbox, and one reminder row per
-- (certification, administrator, threshold, expiry date) it covers: a reminder is never planned
-- twice. Delivery happens after the commit and marks each message.
ALTER TABLE peercert.credential_results ADD COLUMN renewal_needs jsonb;

CREATE TABLE peercert.outbox (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id           bigint NOT NULL,
    administrator_id bigint NOT NULL,
    recipient        text,
    message_id       text NOT NULL UNIQUE,
    -- The whole RFC 5322 message as handed to sendmail (7-bit: every part is base64).
    message          text NOT NULL,
    -- pending → sending (claimed by a delivery) → sent, or back to pending after a refusal, or
    -- failed once the attempts are used up; no_address: the administrator has no email address.
    status           text NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'no_address')),
    attempts         integer NOT NULL DEFAULT 0,
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    sent_at          timestamptz
);
CREATE INDEX ON peercert.outbox (status) WHERE status IN ('pending', 'sending');

CREATE TABLE peercert.reminders (
    certification_id bigint NOT NULL,
    administrator_id bigint NOT NULL,
    -- 90, 60, 30 … days before expiry; 0: lapsed within the look-back.
    threshold_days   integer NOT NULL,
    expires_on       date NOT NULL,
    outbox_id        bigint NOT NULL,
    run_id           bigint NOT NULL,
    PRIMARY KEY (certification_id, administrator_id, threshold_days, expires_on)
);
