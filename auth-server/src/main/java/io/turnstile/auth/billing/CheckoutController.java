package io.turnstile.auth.billing;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.turnstile.auth.account.People;
import io.turnstile.auth.account.Person;
import io.turnstile.auth.web.ApiException;
import io.turnstile.auth.web.ExamplePayloads;
import io.turnstile.auth.web.ProblemResponses;
import io.turnstile.auth.web.Problems;
import io.turnstile.billing.Checkout;
import io.turnstile.entitlements.AccountId;
import org.jspecify.annotations.Nullable;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.util.Assert;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/billing/checkout}: the signed-in person (a person's access token) starts a subscription
 * ({@code {"priceId"}}) or a pay-per-view purchase ({@code {"ppvEventId","priceId"?}}) and gets the Stripe
 * Checkout URL to send the browser to.
 */
@RestController
@Tag(name = "Billing", description = "Checkout for the signed-in person")
class CheckoutController {

	private final Checkout checkout;

	private final People people;

	CheckoutController(Checkout checkout, People people) {
		Assert.notNull(checkout, "checkout cannot be null");
		Assert.notNull(people, "people cannot be null");
		this.checkout = checkout;
		this.people = people;
	}

	@PostMapping("/api/billing/checkout")
	@Operation(summary = "Start a Stripe Checkout", description = "A subscription ('priceId') or a pay-per-view purchase ('ppvEventId', optional 'priceId'); answers the Checkout URL to send the browser to.")
	@ProblemResponses({ Problems.PERSON_REQUIRED, Problems.INVALID_REQUEST, Problems.PAYMENT_PROVIDER_UNAVAILABLE })
	@ExamplePayloads(request = """
			{"priceId": "price_1Qpremium"}""", response = """
			{"sessionId": "cs_test_a1b2c3", "url": "https://checkout.stripe.com/c/pay/cs_test_a1b2c3", "mode": "subscription"}""")
	CheckoutJson checkout(@RequestBody CheckoutRequest request, @AuthenticationPrincipal Jwt token) {
		Person person = this.people.findById(token.getSubject())
			.orElseThrow(() -> new ApiException(Problems.PERSON_REQUIRED,
					"Checkout is for a signed-in person: use a person's access token, not a client's"));
		if (request.priceId() == null && request.ppvEventId() == null) {
			throw new ApiException(Problems.INVALID_REQUEST, "Give a 'priceId' (subscription) or a 'ppvEventId'");
		}
		Checkout.Session session = this.checkout.start(new Checkout.Request(new AccountId(person.id()), person.email(),
				person.displayName(), request.priceId(), request.ppvEventId()));
		return new CheckoutJson(session.id(), session.url(), session.mode());
	}

	record CheckoutRequest(@Nullable String priceId, @Nullable String ppvEventId) {
	}

	@Schema(name = "CheckoutSession")
	record CheckoutJson(String sessionId, String url, String mode) {
	}

}
