package io.turnstile.billing.checkout;

import java.util.Objects;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import io.turnstile.billing.BillingProperties;
import io.turnstile.billing.BillingRequestRejected;
import io.turnstile.billing.Checkout;
import io.turnstile.billing.PaymentProviderFailed;
import io.turnstile.entitlements.Entitlements;
import io.turnstile.entitlements.PayPerViewEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * {@link Checkout} with Stripe: the person's Customer is created once ({@code metadata.user_id}, an
 * idempotency key per person), then a Checkout Session carrying {@code metadata.user_id} and
 * {@code client_reference_id}, and for subscriptions {@code subscription_data.metadata.user_id}, for
 * pay-per-view {@code purchase_type}, {@code ppv_event_id} and the access window (stripe-contract.md 7, 9).
 */
class StripeCheckout implements Checkout {

	private static final Log logger = LogFactory.getLog(StripeCheckout.class);

	private final StripeClient stripe;

	private final StripeCustomers customers;

	private final Entitlements entitlements;

	private final BillingProperties properties;

	StripeCheckout(StripeClient stripe, StripeCustomers customers, Entitlements entitlements,
			BillingProperties properties) {
		this.stripe = Objects.requireNonNull(stripe, "stripe cannot be null");
		this.customers = Objects.requireNonNull(customers, "customers cannot be null");
		this.entitlements = Objects.requireNonNull(entitlements, "entitlements cannot be null");
		this.properties = Objects.requireNonNull(properties, "properties cannot be null");
	}

	@Override
	public Session start(Request request) {
		PayPerViewEvent event = null;
		String priceId = request.priceId();
		if (request.ppvEventId() != null) {
			event = this.entitlements.event(request.ppvEventId())
				.orElseThrow(() -> new BillingRequestRejected("No pay-per-view event '" + request.ppvEventId() + "'"));
			if (priceId == null) {
				priceId = this.properties.checkout().ppvPriceId();
			}
		}
		if (priceId == null || priceId.isBlank()) {
			throw new BillingRequestRejected("A checkout needs a 'priceId' (or a 'ppvEventId' with a configured price)");
		}
		if (this.properties.apiKey().isBlank()) {
			throw new PaymentProviderFailed("Stripe is not configured on this server (STRIPE_API_KEY is unset)");
		}
		String userId = request.userId().value();
		try {
			String customer = customerOf(request);
			SessionCreateParams.Builder session = SessionCreateParams.builder()
				.setCustomer(customer)
				.setClientReferenceId(userId)
				.putMetadata("user_id", userId)
				.setSuccessUrl(this.properties.checkout().successUrl())
				.setCancelUrl(this.properties.checkout().cancelUrl())
				.addLineItem(SessionCreateParams.LineItem.builder().setPrice(priceId).setQuantity(1L).build());
			if (event != null) {
				String start = Long.toString(event.notBefore().getEpochSecond());
				String end = Long.toString(event.expiresAt().getEpochSecond());
				session.setMode(SessionCreateParams.Mode.PAYMENT)
					.putMetadata("purchase_type", "ppv")
					.putMetadata("ppv_event_id", event.id())
					.putMetadata("ppv_access_start", start)
					.putMetadata("ppv_access_end", end)
					.setPaymentIntentData(SessionCreateParams.PaymentIntentData.builder()
						.putMetadata("user_id", userId)
						.putMetadata("purchase_type", "ppv")
						.putMetadata("ppv_event_id", event.id())
						.build());
			}
			else {
				session.setMode(SessionCreateParams.Mode.SUBSCRIPTION)
					.setSubscriptionData(
							SessionCreateParams.SubscriptionData.builder().putMetadata("user_id", userId).build());
			}
			com.stripe.model.checkout.Session created = this.stripe.v1().checkout().sessions().create(session.build());
			logger.info("Checkout session " + created.getId() + " started for " + userId);
			return new Session(created.getId(), created.getUrl(), created.getMode());
		}
		catch (InvalidRequestException ex) {
			String why = (ex.getStripeError() != null) ? ex.getStripeError().getMessage() : "invalid request";
			throw new BillingRequestRejected("Stripe refused the checkout: " + why);
		}
		catch (ApiConnectionException ex) {
			throw new PaymentProviderFailed("Stripe could not be reached", ex);
		}
		catch (StripeException ex) {
			throw new PaymentProviderFailed("Stripe failed to start the checkout", ex);
		}
	}

	private String customerOf(Request request) throws StripeException {
		String known = this.customers.customerOf(request.userId()).orElse(null);
		if (known != null) {
			return known;
		}
		CustomerCreateParams.Builder params = CustomerCreateParams.builder()
			.setEmail(request.email())
			.putMetadata("user_id", request.userId().value());
		if (request.name() != null) {
			params.setName(request.name());
		}
		Customer customer = this.stripe.v1()
			.customers()
			.create(params.build(),
					RequestOptions.builder().setIdempotencyKey("turnstile-customer-" + request.userId().value()).build());
		this.customers.created(customer.getId(), request.userId());
		logger.info("Stripe customer " + customer.getId() + " created for " + request.userId());
		return customer.getId();
	}

}
