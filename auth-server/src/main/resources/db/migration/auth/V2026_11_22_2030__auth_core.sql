-- Core tables of the authorization server: people, registered clients, authorizations, consents, signing keys.
-- One SQL for H2 (PostgreSQL mode) and PostgreSQL.

create table person (
    id               varchar(64)  primary key,
    email            varchar(320) not null,
    email_normalized varchar(320) not null,
    password_hash    varchar(255) not null,
    display_name     varchar(200),
    roles            varchar(255) not null,
    created_at       timestamp with time zone not null,
    constraint uk_person_email unique (email_normalized)
);

-- Failed sign-in counters, keyed by 'account:<normalized e-mail>' or 'ip:<address>'.
create table login_attempt (
    attempt_key     varchar(400) primary key,
    failures        integer not null,
    last_failure_at timestamp with time zone not null,
    blocked_until   timestamp with time zone
);

create table oauth2_client (
    id                            varchar(100)  primary key,
    client_id                     varchar(100)  not null,
    client_id_issued_at           timestamp with time zone not null,
    client_secret                 varchar(255),
    client_secret_expires_at      timestamp with time zone,
    client_name                   varchar(200)  not null,
    client_authentication_methods varchar(1000) not null,
    authorization_grant_types     varchar(1000) not null,
    redirect_uris                 varchar(2000),
    post_logout_redirect_uris     varchar(2000),
    scopes                        varchar(1000) not null,
    client_settings               text          not null,
    token_settings                text          not null,
    constraint uk_oauth2_client_client_id unique (client_id)
);

-- Token values are never stored: only their SHA-256 (hex) in indexed columns.
create table oauth2_authorization (
    id                        varchar(100) primary key,
    registered_client_id      varchar(100) not null,
    principal_name            varchar(200) not null,
    authorization_grant_type  varchar(100) not null,
    authorized_scopes         varchar(1000),
    attributes                text,
    state_hash                varchar(64),
    code_hash                 varchar(64),
    code_issued_at            timestamp with time zone,
    code_expires_at           timestamp with time zone,
    code_metadata             text,
    access_token_hash         varchar(64),
    access_token_issued_at    timestamp with time zone,
    access_token_expires_at   timestamp with time zone,
    access_token_metadata     text,
    access_token_type         varchar(100),
    access_token_scopes       varchar(1000),
    id_token_hash             varchar(64),
    id_token_issued_at        timestamp with time zone,
    id_token_expires_at       timestamp with time zone,
    id_token_metadata         text,
    refresh_token_hash        varchar(64),
    refresh_token_issued_at   timestamp with time zone,
    refresh_token_expires_at  timestamp with time zone,
    refresh_token_metadata    text,
    user_code_hash            varchar(64),
    user_code_issued_at       timestamp with time zone,
    user_code_expires_at      timestamp with time zone,
    user_code_metadata        text,
    device_code_hash          varchar(64),
    device_code_issued_at     timestamp with time zone,
    device_code_expires_at    timestamp with time zone,
    device_code_metadata      text,
    expires_at                timestamp with time zone,
    updated_at                timestamp with time zone not null
);
create index ix_oauth2_authorization_state on oauth2_authorization (state_hash);
create index ix_oauth2_authorization_code on oauth2_authorization (code_hash);
create index ix_oauth2_authorization_access on oauth2_authorization (access_token_hash);
create index ix_oauth2_authorization_id_token on oauth2_authorization (id_token_hash);
create index ix_oauth2_authorization_refresh on oauth2_authorization (refresh_token_hash);
create index ix_oauth2_authorization_user_code on oauth2_authorization (user_code_hash);
create index ix_oauth2_authorization_device_code on oauth2_authorization (device_code_hash);
create index ix_oauth2_authorization_principal on oauth2_authorization (principal_name);
create index ix_oauth2_authorization_expires on oauth2_authorization (expires_at);

-- Refresh tokens that were rotated away; presenting one again revokes the whole family (the authorization).
create table oauth2_rotated_refresh_token (
    token_hash       varchar(64)  primary key,
    authorization_id varchar(100) not null,
    rotated_at       timestamp with time zone not null,
    expires_at       timestamp with time zone
);
create index ix_rotated_refresh_authorization on oauth2_rotated_refresh_token (authorization_id);

create table oauth2_authorization_consent (
    registered_client_id varchar(100)  not null,
    principal_name       varchar(200)  not null,
    authorities          varchar(1000) not null,
    primary key (registered_client_id, principal_name)
);

-- Signing keys. private_key holds the private JWK as JSON, AES-256-GCM encrypted when encryption = 'A256GCM'.
create table signing_key (
    kid          varchar(64) primary key,
    algorithm    varchar(16) not null,
    public_jwk   text        not null,
    private_key  text        not null,
    encryption   varchar(16) not null,
    state        varchar(16) not null,
    created_at   timestamp with time zone not null,
    retired_at   timestamp with time zone,
    remove_after timestamp with time zone
);
create index ix_signing_key_state on signing_key (state);
