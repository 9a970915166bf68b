package io.turnstile.auth.keys;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.turnstile.auth.web.ExamplePayloads;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.util.Assert;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators' view of the signing keys (scope {@code admin}): {@code GET /admin/keys} lists ids, states and
 * times (never key material); {@code POST /admin/keys/rotation} retires the active key now and activates a
 * new one, on every node (docs/operations.md, key rotation).
 */
@RestController
@Tag(name = "Admin: signing keys", description = "The signing keys and their rotation")
class AdminKeysController {

	private static final Log logger = LogFactory.getLog(AdminKeysController.class);

	private final SigningKeys signingKeys;

	AdminKeysController(SigningKeys signingKeys) {
		Assert.notNull(signingKeys, "signingKeys cannot be null");
		this.signingKeys = signingKeys;
	}

	@GetMapping("/admin/keys")
	@Operation(summary = "The signing keys", description = "Newest first: ids, states and times, never key material.")
	@ExamplePayloads(response = """
			[{"kid": "6c1f0e2a", "alg": "RS256", "state": "ACTIVE", "createdAt": 1797000000, "activatedAt": 1797001200,
			  "retiredAt": null, "removeAfter": null}]""")
	List<KeyJson> keys() {
		return this.signingKeys.describe().stream().map(KeyJson::of).toList();
	}

	@PostMapping("/admin/keys/rotation")
	@Operation(summary = "Rotate the signing key now", description = "Retires the active key (it stays published until its tokens have expired) and activates a new one.")
	@ExamplePayloads(response = """
			{"activeKeyId": "9a7d3b41"}""")
	RotationJson rotate(@AuthenticationPrincipal Jwt operator) {
		String kid = this.signingKeys.rotateNow();
		logger.info("Signing key rotated on request of " + operator.getSubject() + "; " + kid + " signs now");
		return new RotationJson(kid);
	}

	record KeyJson(String kid, String alg, String state, long createdAt, @Nullable Long activatedAt,
			@Nullable Long retiredAt, @Nullable Long removeAfter) {

		static KeyJson of(SigningKeys.KeyDescription key) {
			return new KeyJson(key.kid(), key.algorithm(), key.state(), key.createdAt().getEpochSecond(),
					seconds(key.activatedAt()), seconds(key.retiredAt()), seconds(key.removeAfter()));
		}

		private static @Nullable Long seconds(@Nullable Instant time) {
			return (time != null) ? time.getEpochSecond() : null;
		}

	}

	record RotationJson(String activeKeyId) {
	}

}
