-- Survey invitations: the triggers (a service interaction closed, a campaign response, the
-- periodic relationship survey) invite a customer once per occasion (dedupe_key); the
-- cardholder answers in the portal, which links the answer back.

CREATE TABLE survey_invitations (
    id             INTEGER PRIMARY KEY,
    customer_id    INTEGER NOT NULL REFERENCES customers (id),
    survey         TEXT NOT NULL,
    touchpoint     TEXT NOT NULL,
    interaction_id INTEGER REFERENCES service_interactions (id),
    campaign_id    INTEGER REFERENCES campaigns (id),
    created_at     INTEGER NOT NULL,
    expires_at     INTEGER NOT NULL,
    response_id    INTEGER REFERENCES survey_responses (id),
    dedupe_key     TEXT NOT NULL UNIQUE
);
CREATE INDEX survey_invitations_customer ON survey_invitations (customer_id, created_at);
