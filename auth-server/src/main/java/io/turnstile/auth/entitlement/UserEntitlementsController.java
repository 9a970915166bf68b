package io.turnstile.auth.entitlement;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.turnstile.auth.account.People;
import io.turnstile.auth.web.ApiException;
import io.turnstile.auth.web.ExamplePayloads;
import io.turnstile.auth.web.ProblemResponses;
import io.turnstile.auth.web.Problems;
import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.BillingSubscription;
import io.turnstile.entitlements.EntitlementSnapshot;
import io.turnstile.entitlements.Entitlements;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/users/{userId}/entitlements} (scope {@code entitlements.read}): a person's effective
 * entitlements in the shape PRODUCT.md fixes.
 */
@RestController
@Tag(name = "Entitlements", description = "What people may watch, for content services")
class UserEntitlementsController {

	private final Entitlements entitlements;

	private final People people;

	UserEntitlementsController(Entitlements entitlements, People people) {
		this.entitlements = entitlements;
		this.people = people;
	}

	@GetMapping("/api/users/{userId}/entitlements")
	@Operation(summary = "A person's entitlements now",
			description = "The effective tier and where it comes from, the tier's limits, active pay-per-view passes not yet "
					+ "ended, the latest Stripe subscription (raw status) or null, and 'ver', which grows with every change.")
	@ProblemResponses(Problems.UNKNOWN_PERSON)
	@ExamplePayloads(response = """
			{"userId": "8d3b1f6e-2c4a-4e9b-9f1d-5a7c3e2b1a00", "tier": "premium", "tierSource": "billing",
			 "features": ["ad_free", "downloads", "hd", "sd", "uhd"], "streams": 4, "devices": 10,
			 "ppv": [{"id": "fight-night-2026-12", "nbf": 1798000000, "exp": 1798200000}],
			 "subscription": {"id": "sub_1Qdemo", "status": "active", "cancelAtPeriodEnd": false, "currentPeriodEnd": 1799000000},
			 "ver": 17}""")
	EntitlementsJson entitlements(@PathVariable String userId) {
		AccountId id = KnownPerson.require(this.people, userId);
		return EntitlementsJson.of(this.entitlements.current(id));
	}

	@Schema(name = "Entitlements")
	record EntitlementsJson(String userId, String tier, String tierSource, List<String> features, int streams,
			int devices, List<PassJson> ppv, @Nullable SubscriptionJson subscription, long ver) {

		static EntitlementsJson of(EntitlementSnapshot snapshot) {
			return new EntitlementsJson(snapshot.userId().value(), snapshot.tier().code(),
					snapshot.tierSource().value(), snapshot.tier().features().stream().sorted().toList(),
					snapshot.tier().streams(), snapshot.tier().devices(),
					snapshot.payPerView()
						.stream()
						.map((grant) -> new PassJson(grant.eventId(), grant.notBefore().getEpochSecond(),
								grant.expiresAt().getEpochSecond()))
						.toList(),
					SubscriptionJson.of(snapshot.subscription()), snapshot.ver());
		}

	}

	/** The latest Stripe subscription, with Stripe's raw status; {@code null} if there never was one. */
	@Schema(name = "Subscription")
	record SubscriptionJson(String id, String status, boolean cancelAtPeriodEnd, @Nullable Long currentPeriodEnd) {

		static @Nullable SubscriptionJson of(@Nullable BillingSubscription subscription) {
			if (subscription == null) {
				return null;
			}
			return new SubscriptionJson(subscription.id(), subscription.status(), subscription.cancelAtPeriodEnd(),
					(subscription.currentPeriodEnd() != null) ? subscription.currentPeriodEnd().getEpochSecond() : null);
		}

	}

	@Schema(name = "PayPerViewPass")
	record PassJson(String id, long nbf, long exp) {
	}

	/** Resolves a path's person id, or answers 404. */
	static final class KnownPerson {

		private KnownPerson() {
		}

		static AccountId require(People people, String userId) {
			if (!AccountId.isValid(userId) || people.findById(userId).isEmpty()) {
				throw new ApiException(Problems.UNKNOWN_PERSON, "No person with id '" + sanitize(userId) + "'");
			}
			return new AccountId(userId);
		}

		private static String sanitize(String userId) {
			String shown = (userId.length() > 64) ? userId.substring(0, 64) + "…" : userId;
			return shown.replaceAll("[^A-Za-z0-9._:@-]", "?");
		}

	}

}
