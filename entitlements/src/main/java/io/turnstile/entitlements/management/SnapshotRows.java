package io.turnstile.entitlements.management;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What {@link EntitlementsManagement#current} reads, by plain JDBC: the person's account row and passes, one
 * statement each, for the snapshot put into every token outside a transaction (a transaction's caller reads
 * through JPA, which sees its own unflushed changes).
 */
final class SnapshotRows {

	private final JdbcTemplate jdbc;

	SnapshotRows(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Nullable EntitlementAccountEntity account(String userId) {
		List<EntitlementAccountEntity> accounts = this.jdbc.query(
				"select user_id, ver, min_ver, comp_tier, comp_until, sub_id, sub_status, sub_tier, sub_grants,"
						+ " sub_period_end, sub_cancel_at_period_end from entitlement_account where user_id = ?",
				SnapshotRows::account, userId);
		return accounts.isEmpty() ? null : accounts.get(0);
	}

	/** The person's passes, newest first, as {@code findByUserIdOrderByIdDesc} returns them. */
	List<PayPerViewGrantEntity> grants(String userId) {
		return this.jdbc.query("select id, user_id, event_id, not_before, expires_at, state, source, revoked_reason"
				+ " from ppv_grant where user_id = ? order by id desc", SnapshotRows::grant, userId);
	}

	private static EntitlementAccountEntity account(ResultSet rs, int row) throws SQLException {
		EntitlementAccountEntity account = new EntitlementAccountEntity();
		account.userId = rs.getString(1);
		account.ver = rs.getLong(2);
		account.minVer = rs.getLong(3);
		account.compTier = rs.getString(4);
		account.compUntil = instant(rs, 5);
		account.subId = rs.getString(6);
		account.subStatus = rs.getString(7);
		account.subTier = rs.getString(8);
		account.subGrants = rs.getBoolean(9);
		account.subPeriodEnd = instant(rs, 10);
		account.subCancelAtPeriodEnd = rs.getBoolean(11);
		return account;
	}

	private static PayPerViewGrantEntity grant(ResultSet rs, int row) throws SQLException {
		PayPerViewGrantEntity grant = new PayPerViewGrantEntity();
		grant.id = rs.getLong(1);
		grant.userId = rs.getString(2);
		grant.eventId = rs.getString(3);
		grant.notBefore = instant(rs, 4);
		grant.expiresAt = instant(rs, 5);
		grant.state = rs.getString(6);
		grant.source = rs.getString(7);
		grant.revokedReason = rs.getString(8);
		return grant;
	}

	private static @Nullable Instant instant(ResultSet rs, int column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

}
