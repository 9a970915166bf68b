package io.turnstile.billing.webhook;

import java.util.Objects;
import java.util.Optional;

import com.stripe.Stripe;
import com.stripe.exception.EventDataObjectDeserializationException;
import com.stripe.model.Charge;
import com.stripe.model.Dispute;
import com.stripe.model.Event;
import com.stripe.model.EventDataObjectDeserializer;
import com.stripe.model.Invoice;
import com.stripe.model.StripeObject;
import com.stripe.model.Subscription;
import com.stripe.model.checkout.Session;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Turns a Stripe {@link Event} into our calls: the one place that knows which event types billing handles.
 * Types it does not handle are ignored (they stay stored). Events rendered with another API release are
 * read with {@code deserializeUnsafe()}; if a field billing reads is then missing, the event fails with
 * reason {@code api_version} (stripe-contract.md 6), never silently dropped.
 */
class StripeEventTranslator {

	private static final Log logger = LogFactory.getLog(StripeEventTranslator.class);

	private final SubscriptionSnapshots subscriptions;

	private final InvoicePayments invoices;

	private final CheckoutSessions checkouts;

	private final PaymentReversals reversals;

	StripeEventTranslator(SubscriptionSnapshots subscriptions, InvoicePayments invoices, CheckoutSessions checkouts,
			PaymentReversals reversals) {
		this.subscriptions = Objects.requireNonNull(subscriptions, "subscriptions cannot be null");
		this.invoices = Objects.requireNonNull(invoices, "invoices cannot be null");
		this.checkouts = Objects.requireNonNull(checkouts, "checkouts cannot be null");
		this.reversals = Objects.requireNonNull(reversals, "reversals cannot be null");
	}

	/** Whether billing acts on events of this type. */
	static boolean handles(String type) {
		return switch (type) {
			case "checkout.session.completed", "checkout.session.async_payment_succeeded", "invoice.paid",
					"invoice.payment_succeeded", "charge.refunded", "charge.dispute.created", "charge.dispute.closed" ->
				true;
			default -> type.startsWith("customer.subscription.");
		};
	}

	Outcome apply(Event event) {
		String type = event.getType();
		if (!handles(type)) {
			return Outcome.ignored("type " + type + " is not handled");
		}
		try {
			StripeObject object = object(event);
			if (type.startsWith("customer.subscription.")) {
				return this.subscriptions.apply(event, as(object, Subscription.class));
			}
			return switch (type) {
				case "checkout.session.completed", "checkout.session.async_payment_succeeded" ->
					this.checkouts.completed(event, as(object, Session.class));
				case "invoice.paid", "invoice.payment_succeeded" -> this.invoices.paid(event, as(object, Invoice.class));
				case "charge.refunded" -> this.reversals.refunded(event, as(object, Charge.class));
				default -> this.reversals.dispute(event, as(object, Dispute.class));
			};
		}
		catch (UnreadableEvent ex) {
			if (!Stripe.API_VERSION.equals(event.getApiVersion())) {
				throw new UnreadableEvent("api_version: rendered with " + event.getApiVersion() + ", this server reads "
						+ Stripe.API_VERSION + "; " + ex.getMessage());
			}
			throw ex;
		}
	}

	private static StripeObject object(Event event) {
		EventDataObjectDeserializer data = event.getDataObjectDeserializer();
		Optional<StripeObject> object = data.getObject();
		if (object.isPresent()) {
			return object.get();
		}
		if (Stripe.API_VERSION.equals(event.getApiVersion())) {
			throw new UnreadableEvent("data.object could not be read");
		}
		logger.warn("Stripe event " + event.getId() + " was rendered with API version " + event.getApiVersion()
				+ " (this server reads " + Stripe.API_VERSION + "); reading the fields billing uses");
		try {
			return data.deserializeUnsafe();
		}
		catch (EventDataObjectDeserializationException | RuntimeException ex) {
			throw new UnreadableEvent("data.object could not be read");
		}
	}

	private static <T> T as(StripeObject object, Class<T> type) {
		if (!type.isInstance(object)) {
			throw new UnreadableEvent("data.object is a " + object.getClass().getSimpleName() + ", not a "
					+ type.getSimpleName());
		}
		return type.cast(object);
	}

}
