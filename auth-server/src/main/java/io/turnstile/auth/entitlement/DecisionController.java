package io.turnstile.auth.entitlement;

import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.nimbusds.jwt.SignedJWT;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.turnstile.auth.config.Issuer;
import io.turnstile.auth.keys.SigningKeys;
import io.turnstile.auth.token.JpaOAuth2AuthorizationService;
import io.turnstile.auth.web.ApiException;
import io.turnstile.auth.web.ExamplePayloads;
import io.turnstile.auth.web.ProblemResponses;
import io.turnstile.auth.web.Problems;
import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.Entitlements;
import io.turnstile.policy.AccessPolicy;
import io.turnstile.policy.ContentRequirement;
import io.turnstile.policy.Context;
import io.turnstile.policy.Decision;
import io.turnstile.policy.Freshness;
import io.turnstile.policy.Reason;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/decisions}: may this viewer's token play this content on this device now? A DPoP-bound
 * token comes as {@code Authorization: DPoP <token>} with the proof of the original content request in
 * {@code dpop}; without a valid proof it is {@code TOKEN_NOT_BOUND_TO_CALLER}. It verifies
 * the token itself with the policy library (an invalid or expired token is a {@code DENY}, not a 401),
 * adds what only the server knows (the token was revoked; a right was taken away after it was issued),
 * and applies {@link AccessPolicy#standard}.
 */
@RestController
@Tag(name = "Content services", description = "The tier catalog and playback decisions")
class DecisionController {

	private static final String BEARER = "Bearer ";

	private static final String DPOP = "DPoP ";

	private final VerifierCache verifiers;

	private final AccessPolicy policy;

	private final JpaOAuth2AuthorizationService authorizations;

	private final Entitlements entitlements;

	private final Clock clock = Clock.systemUTC();

	DecisionController(SigningKeys signingKeys, Issuer issuer, Entitlements entitlements,
			JpaOAuth2AuthorizationService authorizations) {
		this.verifiers = new VerifierCache(signingKeys, issuer);
		this.policy = AccessPolicy.standard(entitlements.catalog());
		this.authorizations = authorizations;
		this.entitlements = entitlements;
	}

	@PostMapping("/api/decisions")
	@Operation(summary = "May this token play this content on this device now?",
			description = "Verifies the viewer's token itself (send it as 'Authorization: Bearer <token>', or 'DPoP <token>' "
					+ "with the proof of the original content request in 'dpop'). An invalid, expired or revoked token is a DENY "
					+ "with its reason, not a 401. 'deviceId' defaults to the token's 'did'.")
	@ProblemResponses({ Problems.MALFORMED_REQUEST, Problems.INVALID_REQUEST })
	@ExamplePayloads(request = """
			{"content": {"id": "film-the-long-night", "requiredTier": "standard", "quality": "uhd"}, "deviceId": "d-7a1c"}""",
			response = """
			{"decision": "PERMIT", "reasons": [], "obligations": {"max_quality": "hd"}}""")
	DecisionJson decide(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization,
			@RequestBody DecisionRequest request) {
		if (request.content() == null || request.content().id() == null || request.content().id().isBlank()) {
			throw new ApiException(Problems.MALFORMED_REQUEST, "'content.id' is required");
		}
		ContentRequirement content = request.content().toRequirement();
		String token = null;
		if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			token = authorization.substring(BEARER.length()).trim();
		}
		else if (authorization != null && authorization.regionMatches(true, 0, DPOP, 0, DPOP.length())) {
			token = authorization.substring(DPOP.length()).trim();
		}
		Context context = Context.at(this.clock.instant()).withFreshness(new ServerFreshness(token));
		if (request.dpop() != null) {
			context = context.withDpopProof(request.dpop().toProof());
		}
		if (request.deviceId() != null) {
			context = context.onDevice(request.deviceId());
		}
		return DecisionJson.of(this.verifiers.current().decide(token, this.policy, content, context));
	}

	/** What only the server knows: whether the token was revoked, and the person's minimum version. */
	private final class ServerFreshness implements Freshness {

		private final @Nullable String token;

		ServerFreshness(@Nullable String token) {
			this.token = token;
		}

		@Override
		public boolean isRevoked(String tokenId) {
			if (this.token == null) {
				return true;
			}
			try {
				// Asked only once the policy library has verified the token.
				Map<String, Object> claims = SignedJWT.parse(this.token).getJWTClaimsSet().getClaims();
				return !DecisionController.this.authorizations.isLiveAccessToken(this.token, claims);
			}
			catch (ParseException ex) {
				return true;
			}
		}

		@Override
		public long minimumVersion(String subject) {
			return AccountId.isValid(subject)
					? DecisionController.this.entitlements.minimumVersion(new AccountId(subject)) : 0;
		}

	}

	record DecisionRequest(@Nullable ContentJson content, @Nullable String deviceId, @Nullable DpopJson dpop) {
	}

	/** The DPoP proof of the original content request, with its method and URI. */
	@Schema(name = "DpopProof")
	record DpopJson(@Nullable String proof, @Nullable String htm, @Nullable String htu) {

		Context.DpopProof toProof() {
			if (this.proof == null || this.htm == null || this.htu == null) {
				throw new ApiException(Problems.MALFORMED_REQUEST, "'dpop' needs 'proof', 'htm' and 'htu'");
			}
			return new Context.DpopProof(this.proof, this.htm, this.htu);
		}

	}

	@Schema(name = "Content")
	record ContentJson(@Nullable String id, @Nullable String requiredTier, @Nullable String feature,
			@Nullable String ppvEventId, @Nullable String quality) {

		ContentRequirement toRequirement() {
			try {
				ContentRequirement requirement = ContentRequirement.of(this.id);
				if (this.requiredTier != null) {
					requirement = requirement.requiringTier(this.requiredTier);
				}
				if (this.feature != null) {
					requirement = requirement.requiringFeature(this.feature);
				}
				if (this.ppvEventId != null) {
					requirement = requirement.payPerView(this.ppvEventId);
				}
				if (this.quality != null) {
					requirement = requirement.inQuality(this.quality);
				}
				return requirement;
			}
			catch (IllegalArgumentException ex) {
				throw new ApiException(Problems.INVALID_REQUEST, ex.getMessage());
			}
		}

	}

	@Schema(name = "Decision")
	record DecisionJson(String decision, List<String> reasons, Map<String, String> obligations) {

		static DecisionJson of(Decision decision) {
			if (decision instanceof Decision.Permit permit) {
				return new DecisionJson("PERMIT", List.of(), permit.obligations());
			}
			List<String> reasons = new ArrayList<>();
			for (Reason reason : ((Decision.Deny) decision).reasons()) {
				reasons.add(reason.code());
			}
			return new DecisionJson("DENY", reasons, Map.of());
		}

	}

}
