package io.turnstile.entitlements.feed;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.ChangeFeed;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

@Entity
@Table(name = "entitlement_feed")
class FeedEntryEntity {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	@Nullable Long seq;

	Instant at = Instant.EPOCH;

	@Nullable String userId;

	@Nullable Long ver;

	String revokedDeviceIds = "";

	String revokedTokenIds = "";

	String reason = "";

	ChangeFeed.Entry toDomain() {
		return new ChangeFeed.Entry((this.seq != null) ? this.seq : 0, this.at,
				(this.userId != null) ? new AccountId(this.userId) : null, this.ver, split(this.revokedDeviceIds),
				split(this.revokedTokenIds), this.reason);
	}

	private static List<String> split(String joined) {
		return joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
	}

}
