-- ShedLock's table: a scheduled job (clean-ups, key rotation, billing retries) takes its row before it runs,
-- so it runs on one node at a time. ShedLock's documented schema: lock_until and locked_at hold UTC
-- database time (it writes them with the database's clock, so nodes' clocks need not agree).
create table shedlock (
    name       varchar(64)  not null,
    lock_until timestamp    not null,
    locked_at  timestamp    not null,
    locked_by  varchar(255) not null,
    constraint shedlock_pk primary key (name)
);
