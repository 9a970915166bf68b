-- When each device code was last polled and at what interval, so slow_down is enforced on every node.
create table device_code_poll (
    device_code_hash varchar(64) primary key,
    last_poll_at     timestamp with time zone not null,
    interval_seconds integer not null,
    expires_at       timestamp with time zone not null
);
create index ix_device_code_poll_expires on device_code_poll (expires_at);
