-- Entitlements that billing grants: the person's billing subscription, and one row per paid pay-per-view
-- purchase (keyed by the provider's payment id, so a purchase is granted exactly once).

alter table entitlement_account add column sub_id varchar(255);
alter table entitlement_account add column sub_status varchar(32);
alter table entitlement_account add column sub_tier varchar(32);
alter table entitlement_account add column sub_grants boolean default false not null;
alter table entitlement_account add column sub_period_end timestamp with time zone;
alter table entitlement_account add column sub_cancel_at_period_end boolean default false not null;
create index ix_entitlement_account_sub_grants on entitlement_account (sub_grants);

create table ppv_purchase (
    payment_id varchar(255) primary key,
    user_id    varchar(64)  not null,
    event_id   varchar(100) not null,
    grant_id   bigint       not null references ppv_grant (id),
    state      varchar(16)  not null,
    reference  varchar(500),
    created_at timestamp with time zone not null,
    updated_at timestamp with time zone not null
);
create index ix_ppv_purchase_grant on ppv_purchase (grant_id);
create index ix_ppv_purchase_created on ppv_purchase (created_at);
