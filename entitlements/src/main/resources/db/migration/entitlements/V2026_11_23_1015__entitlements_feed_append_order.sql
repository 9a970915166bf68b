-- Appends to the change feed first lock this one row (select ... for update), so that feed entries commit in
-- the order of their seq on every node: a follower whose cursor passed seq N never misses an entry with a
-- smaller seq that committed later (two concurrent transactions would otherwise commit out of seq order).
create table entitlement_feed_lock (
    id integer primary key
);
insert into entitlement_feed_lock (id) values (1);
