package io.turnstile.auth.token;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.Assert;

/**
 * The rows of {@code oauth2_authorization} ({@link OAuth2AuthorizationEntity}) and
 * {@code oauth2_rotated_refresh_token} read and written with plain JDBC: one statement each, in the caller's
 * transaction if there is one. Every token request reads or writes them, and through JPA each cost a
 * persistence context, a merge and a flush.
 */
final class AuthorizationRows {

	private static final String COLUMNS = "id, registered_client_id, principal_name, authorization_grant_type, "
			+ "authorized_scopes, attributes, state_hash, "
			+ "code_hash, code_issued_at, code_expires_at, code_metadata, "
			+ "access_token_hash, access_token_issued_at, access_token_expires_at, access_token_metadata, "
			+ "access_token_type, access_token_scopes, "
			+ "id_token_hash, id_token_issued_at, id_token_expires_at, id_token_metadata, "
			+ "refresh_token_hash, refresh_token_issued_at, refresh_token_expires_at, refresh_token_metadata, "
			+ "user_code_hash, user_code_issued_at, user_code_expires_at, user_code_metadata, "
			+ "device_code_hash, device_code_issued_at, device_code_expires_at, device_code_metadata, "
			+ "expires_at, updated_at";

	/** The SQL type of each column: explicit, so that a null needs no look-up of the statement's metadata. */
	private static final int[] TYPES = List.of(COLUMNS.split(", "))
		.stream()
		.mapToInt((column) -> column.endsWith("_at") ? Types.TIMESTAMP_WITH_TIMEZONE : Types.VARCHAR)
		.toArray();

	private static final String SELECT = "select " + COLUMNS + " from oauth2_authorization where ";

	private static final String INSERT = "insert into oauth2_authorization (" + COLUMNS + ") values ("
			+ "?, ".repeat(COLUMNS.split(",").length - 1) + "?)";

	private static final String UPDATE = "update oauth2_authorization set "
			+ String.join(" = ?, ", List.of(COLUMNS.substring("id, ".length()).split(", "))) + " = ? where id = ?";

	/** The update's parameters: every column but the id, then the id. */
	private static final int[] UPDATE_TYPES = IntStream
		.concat(IntStream.of(TYPES).skip(1), IntStream.of(Types.VARCHAR))
		.toArray();

	/** The indexed columns an authorization is looked up by. */
	static final Set<String> HASH_COLUMNS = Set.of("state_hash", "code_hash", "access_token_hash", "id_token_hash",
			"refresh_token_hash", "user_code_hash", "device_code_hash");

	private final JdbcTemplate jdbc;

	AuthorizationRows(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	Optional<OAuth2AuthorizationEntity> findById(String id) {
		return first(this.jdbc.query(SELECT + "id = ?", AuthorizationRows::row, id));
	}

	/** @param column one of {@link #HASH_COLUMNS} */
	Optional<OAuth2AuthorizationEntity> findByHash(String column, String hash) {
		Assert.isTrue(HASH_COLUMNS.contains(column), () -> "not a hash column: " + column);
		return first(this.jdbc.query(SELECT + column + " = ?", AuthorizationRows::row, hash));
	}

	/** What a save compares with before it overwrites the row: the hashes and metadata of its two tokens. */
	Optional<Stored> stored(String id) {
		return this.jdbc
			.query("select refresh_token_hash, refresh_token_metadata, access_token_hash, access_token_metadata"
					+ " from oauth2_authorization where id = ?",
					(rs, rowNumber) -> new Stored(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)), id)
			.stream()
			.findFirst();
	}

	/** The metadata of the stored access token with this hash: an empty list when there is none. */
	List<String> accessTokenMetadata(String hash) {
		return this.jdbc.queryForList(
				"select access_token_metadata from oauth2_authorization where access_token_hash = ?", String.class, hash);
	}

	/** Remembers a rotated-away refresh token; a second rotation of the same token fails on its primary key. */
	void rotated(String refreshTokenHash, String authorizationId, Instant rotatedAt, @Nullable Instant expiresAt) {
		this.jdbc.update("insert into oauth2_rotated_refresh_token (token_hash, authorization_id, rotated_at, expires_at)"
				+ " values (?, ?, ?, ?)", refreshTokenHash, authorizationId, utc(rotatedAt), utc(expiresAt));
	}

	/** The authorization a rotated-away refresh token belonged to. */
	Optional<String> familyOfRotated(String refreshTokenHash) {
		return this.jdbc
			.queryForList("select authorization_id from oauth2_rotated_refresh_token where token_hash = ?", String.class,
					refreshTokenHash)
			.stream()
			.findFirst();
	}

	void insert(OAuth2AuthorizationEntity row) {
		Object[] values = values(row);
		Object[] withId = new Object[values.length + 1];
		withId[0] = row.id;
		System.arraycopy(values, 0, withId, 1, values.length);
		this.jdbc.update(INSERT, withId, TYPES);
	}

	void update(OAuth2AuthorizationEntity row) {
		Object[] values = values(row);
		Object[] withId = new Object[values.length + 1];
		System.arraycopy(values, 0, withId, 0, values.length);
		withId[values.length] = row.id;
		this.jdbc.update(UPDATE, withId, UPDATE_TYPES);
	}

	void delete(String id) {
		this.jdbc.update("delete from oauth2_authorization where id = ?", id);
	}

	record Stored(@Nullable String refreshTokenHash, @Nullable String refreshTokenMetadata,
			@Nullable String accessTokenHash, @Nullable String accessTokenMetadata) {
	}

	private static Optional<OAuth2AuthorizationEntity> first(List<OAuth2AuthorizationEntity> rows) {
		return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
	}

	/** Every column but the id, in the order of {@link #COLUMNS}. */
	private static Object[] values(OAuth2AuthorizationEntity row) {
		return new Object[] { row.registeredClientId, row.principalName, row.authorizationGrantType,
				row.authorizedScopes, row.attributes, row.stateHash, row.codeHash, utc(row.codeIssuedAt),
				utc(row.codeExpiresAt), row.codeMetadata, row.accessTokenHash, utc(row.accessTokenIssuedAt),
				utc(row.accessTokenExpiresAt), row.accessTokenMetadata, row.accessTokenType, row.accessTokenScopes,
				row.idTokenHash, utc(row.idTokenIssuedAt), utc(row.idTokenExpiresAt), row.idTokenMetadata,
				row.refreshTokenHash, utc(row.refreshTokenIssuedAt), utc(row.refreshTokenExpiresAt),
				row.refreshTokenMetadata, row.userCodeHash, utc(row.userCodeIssuedAt), utc(row.userCodeExpiresAt),
				row.userCodeMetadata, row.deviceCodeHash, utc(row.deviceCodeIssuedAt), utc(row.deviceCodeExpiresAt),
				row.deviceCodeMetadata, utc(row.expiresAt), utc(row.updatedAt) };
	}

	private static OAuth2AuthorizationEntity row(ResultSet rs, int rowNumber) throws SQLException {
		OAuth2AuthorizationEntity row = new OAuth2AuthorizationEntity();
		row.id = rs.getString(1);
		row.registeredClientId = rs.getString(2);
		row.principalName = rs.getString(3);
		row.authorizationGrantType = rs.getString(4);
		row.authorizedScopes = rs.getString(5);
		row.attributes = rs.getString(6);
		row.stateHash = rs.getString(7);
		row.codeHash = rs.getString(8);
		row.codeIssuedAt = instant(rs, 9);
		row.codeExpiresAt = instant(rs, 10);
		row.codeMetadata = rs.getString(11);
		row.accessTokenHash = rs.getString(12);
		row.accessTokenIssuedAt = instant(rs, 13);
		row.accessTokenExpiresAt = instant(rs, 14);
		row.accessTokenMetadata = rs.getString(15);
		row.accessTokenType = rs.getString(16);
		row.accessTokenScopes = rs.getString(17);
		row.idTokenHash = rs.getString(18);
		row.idTokenIssuedAt = instant(rs, 19);
		row.idTokenExpiresAt = instant(rs, 20);
		row.idTokenMetadata = rs.getString(21);
		row.refreshTokenHash = rs.getString(22);
		row.refreshTokenIssuedAt = instant(rs, 23);
		row.refreshTokenExpiresAt = instant(rs, 24);
		row.refreshTokenMetadata = rs.getString(25);
		row.userCodeHash = rs.getString(26);
		row.userCodeIssuedAt = instant(rs, 27);
		row.userCodeExpiresAt = instant(rs, 28);
		row.userCodeMetadata = rs.getString(29);
		row.deviceCodeHash = rs.getString(30);
		row.deviceCodeIssuedAt = instant(rs, 31);
		row.deviceCodeExpiresAt = instant(rs, 32);
		row.deviceCodeMetadata = rs.getString(33);
		row.expiresAt = instant(rs, 34);
		Instant updatedAt = instant(rs, 35);
		row.updatedAt = (updatedAt != null) ? updatedAt : Instant.EPOCH;
		return row;
	}

	private static @Nullable Instant instant(ResultSet rs, int column) throws SQLException {
		OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
		return (value != null) ? value.toInstant() : null;
	}

	private static @Nullable OffsetDateTime utc(@Nullable Instant instant) {
		return (instant != null) ? OffsetDateTime.ofInstant(instant, ZoneOffset.UTC) : null;
	}

}
