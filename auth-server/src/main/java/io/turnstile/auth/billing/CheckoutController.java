package io.turnstile.auth.billing;

import io.turnstile.auth.account.People;
import io.turnstile.auth.account.Person;
import io.turnstile.auth.web.ApiException;
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

	record CheckoutJson(String sessionId, String url, String mode) {
	}

}
