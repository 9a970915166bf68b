-- At most one ACTIVE signing key and at most one NEXT key (published ahead of its use), whatever nodes do at
-- once: exclusive_state repeats state for those two states and is null for RETIRED keys; the unique
-- constraint (which lets any number of nulls through, on H2 and PostgreSQL alike) does the rest.
-- activated_at: when a key started signing (a NEXT key is created well before), from which rotation counts.
alter table signing_key add column exclusive_state varchar(16);
alter table signing_key add column activated_at timestamp with time zone;
update signing_key set activated_at = created_at;

-- Two nodes that created their first key at the same moment left two ACTIVE keys: keep the newest active,
-- retire the others (still published for a day: tokens they signed may be in use).
update signing_key set state = 'RETIRED', retired_at = current_timestamp,
        remove_after = current_timestamp + interval '1' day
    where state = 'ACTIVE'
      and kid <> (select k.kid from signing_key k where k.state = 'ACTIVE'
                  order by k.created_at desc, k.kid desc fetch first 1 rows only);
update signing_key set exclusive_state = 'ACTIVE' where state = 'ACTIVE';

alter table signing_key add constraint uk_signing_key_exclusive_state unique (exclusive_state);
