-- Access tokens of the client_credentials grant are self-contained JWTs and are not stored; one revoked
-- before it expires is listed here, by the SHA-256 (hex) of its value, until it expires.
create table revoked_access_token (
    token_hash varchar(64) primary key,
    expires_at timestamp with time zone not null,
    revoked_at timestamp with time zone not null
);
create index ix_revoked_access_token_expires on revoked_access_token (expires_at);

-- client_credentials tokens stored by earlier versions and revoked since stay revoked.
insert into revoked_access_token (token_hash, expires_at, revoked_at)
select access_token_hash, access_token_expires_at, updated_at
from oauth2_authorization
where authorization_grant_type = 'client_credentials'
  and access_token_hash is not null
  and access_token_expires_at is not null
  and access_token_metadata like '%"metadata.token.invalidated":true%';
