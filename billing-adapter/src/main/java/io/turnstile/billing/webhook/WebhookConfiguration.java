package io.turnstile.billing.webhook;

import java.time.Clock;

import com.stripe.StripeClient;
import io.turnstile.billing.BillingProperties;
import io.turnstile.billing.KnownPeople;
import io.turnstile.billing.checkout.StripeCustomers;
import io.turnstile.billing.ledger.LedgerBook;
import io.turnstile.billing.prices.PriceTierMap;
import io.turnstile.entitlements.Entitlements;
import io.turnstile.entitlements.ExclusiveTasks;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the webhook intake, its translation and the retry job; imported by {@code BillingConfiguration}. */
@Configuration(proxyBeanMethods = false)
public class WebhookConfiguration {

	private static final Log logger = LogFactory.getLog(WebhookConfiguration.class);

	private final Clock clock = Clock.systemUTC();

	@Bean
	WebhookVerifier webhookVerifier(BillingProperties properties) {
		if (properties.webhookSecrets().isEmpty()) {
			logger.warn("STRIPE_WEBHOOK_SECRET is not set: every Stripe webhook will be refused");
		}
		return new WebhookVerifier(properties.webhookSecrets(), this.clock);
	}

	@Bean
	ReceivedEvents receivedEvents(StripeEventEntityRepository events, PlatformTransactionManager transactionManager) {
		return new ReceivedEvents(events, ownTransactions(transactionManager), this.clock);
	}

	@Bean
	SubscriptionSnapshots subscriptionSnapshots(StripeSubscriptionEntityRepository subscriptions,
			PersonResolver resolver, PriceTierMap prices, Entitlements entitlements, LedgerBook ledger,
			StripeClient stripe, BillingProperties properties) {
		return new SubscriptionSnapshots(subscriptions, resolver, prices, entitlements, new LedgerFacts(ledger), stripe,
				properties.pastDueGrace(), this.clock);
	}

	@Bean
	PersonResolver personResolver(KnownPeople people, StripeCustomers customers, Entitlements entitlements) {
		return new PersonResolver(people, customers, entitlements);
	}

	@Bean
	StripeEventTranslator stripeEventTranslator(SubscriptionSnapshots subscriptions, PersonResolver resolver,
			PriceTierMap prices, StripeSubscriptionEntityRepository subscriptionRows,
			StripePaymentEntityRepository payments, Entitlements entitlements, LedgerBook ledger) {
		LedgerFacts facts = new LedgerFacts(ledger);
		PaymentReversals reversals = new PaymentReversals(payments, resolver, entitlements, facts, this.clock);
		return new StripeEventTranslator(subscriptions, new InvoicePayments(resolver, prices, subscriptionRows, facts),
				new CheckoutSessions(resolver, entitlements, reversals, facts), reversals);
	}

	@Bean
	EventApplication eventApplication(StripeEventEntityRepository events, StripeEventTranslator translator,
			PlatformTransactionManager transactionManager, BillingProperties properties) {
		return new EventApplication(events, translator, ownTransactions(transactionManager), properties.retry(),
				this.clock);
	}

	@Bean
	EventRetry eventRetry(StripeEventEntityRepository events, EventApplication application,
			SubscriptionSnapshots subscriptions, PlatformTransactionManager transactionManager,
			BillingProperties properties, ObjectProvider<ExclusiveTasks> exclusive) {
		EventRetry retry = new EventRetry(events, application, subscriptions, ownTransactions(transactionManager),
				properties.retry(), this.clock);
		exclusive.ifAvailable(retry::setExclusiveTasks);
		return retry;
	}

	@Bean
	StripeWebhookController stripeWebhookController(WebhookVerifier verifier, ReceivedEvents received,
			EventApplication application) {
		return new StripeWebhookController(verifier, received, application);
	}

	private static TransactionTemplate ownTransactions(PlatformTransactionManager transactionManager) {
		TransactionTemplate transactions = new TransactionTemplate(transactionManager);
		transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		return transactions;
	}

}
