-- Stream leases: one row per playback a person has going. A lease counts while expires_at is in the
-- future; heartbeats push expires_at forward, stop and handoff delete the row, a sweeper deletes
-- expired rows.
create table stream_lease (
    id         uuid         primary key,
    user_id    varchar(64)  not null,
    content_id varchar(200) not null,
    device_id  varchar(200) not null,
    started_at timestamp with time zone not null,
    expires_at timestamp with time zone not null
);
create index ix_stream_lease_user on stream_lease (user_id, expires_at);
create index ix_stream_lease_expires on stream_lease (expires_at);

-- One row per person who ever started a stream: starts lock it (select ... for update) so that
-- concurrent starts of one person count and insert one after the other.
create table stream_lease_lock (
    user_id    varchar(64) primary key,
    created_at timestamp with time zone not null
);
