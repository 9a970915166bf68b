/**
 * Running several identical nodes on one database: scheduled work on one node at a time (ShedLock),
 * HTTP sessions in the database (Spring Session JDBC), and clean answers while the database is away.
 */
@NullMarked
package io.turnstile.auth.cluster;

import org.jspecify.annotations.NullMarked;
