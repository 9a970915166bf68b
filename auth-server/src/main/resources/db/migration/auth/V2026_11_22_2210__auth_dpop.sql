-- DPoP proof jti values seen (SHA-256), kept for the proof lifetime: a proof is used once on every node.
create table dpop_proof_jti (
    jti_hash   varchar(64) primary key,
    expires_at timestamp with time zone not null
);
create index ix_dpop_proof_jti_expires on dpop_proof_jti (expires_at);

-- Server-wide random secrets, created once and shared by every node (e.g. the DPoP nonce key).
create table server_secret (
    name       varchar(64) primary key,
    secret     varchar(200) not null,
    created_at timestamp with time zone not null
);
