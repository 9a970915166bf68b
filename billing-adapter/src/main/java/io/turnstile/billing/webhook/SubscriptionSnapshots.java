package io.turnstile.billing.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Event;
import com.stripe.model.Price;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItem;
import io.turnstile.billing.PaymentProviderFailed;
import io.turnstile.billing.prices.PriceTierMap;
import io.turnstile.billing.webhook.LedgerFacts.Fact;
import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.BillingSubscription;
import io.turnstile.entitlements.Change;
import io.turnstile.entitlements.Entitlements;
import io.turnstile.policy.Tier;
import io.turnstile.policy.TierCatalog;
import org.jspecify.annotations.Nullable;

import static io.turnstile.billing.webhook.UnreadableEvent.require;

/**
 * {@code customer.subscription.*}: the subscription in the event is a snapshot. An older snapshot never
 * overwrites a newer one (the {@code created} of the last applied event is kept per subscription);
 * {@code canceled} and {@code incomplete_expired} are final; on equal {@code created} a status that moves
 * backwards is settled by fetching the subscription from Stripe (stripe-contract.md 5). The person's
 * billing state is then their best subscription: one granting access (highest tier, then newest), else the
 * newest.
 */
class SubscriptionSnapshots {

	/** Stripe's statuses in the order they can move: a lower rank never follows a higher one. */
	private static final Map<String, Integer> RANK = Map.of("incomplete", 0, "trialing", 1, "active", 1,
			"past_due", 1, "unpaid", 2, "paused", 2, "canceled", 3, "incomplete_expired", 3);

	private static final Set<String> FINAL = Set.of("canceled", "incomplete_expired");

	private static final Set<String> GRANTING = Set.of("active", "trialing", "past_due");

	static final String PAST_DUE = "past_due";

	private final StripeSubscriptionEntityRepository subscriptions;

	private final PersonResolver resolver;

	private final PriceTierMap prices;

	private final Entitlements entitlements;

	private final LedgerFacts ledger;

	private final StripeClient stripe;

	private final @Nullable Duration pastDueGrace;

	private final Clock clock;

	SubscriptionSnapshots(StripeSubscriptionEntityRepository subscriptions, PersonResolver resolver,
			PriceTierMap prices, Entitlements entitlements, LedgerFacts ledger, StripeClient stripe,
			@Nullable Duration pastDueGrace, Clock clock) {
		this.subscriptions = Objects.requireNonNull(subscriptions, "subscriptions cannot be null");
		this.resolver = Objects.requireNonNull(resolver, "resolver cannot be null");
		this.prices = Objects.requireNonNull(prices, "prices cannot be null");
		this.entitlements = Objects.requireNonNull(entitlements, "entitlements cannot be null");
		this.ledger = Objects.requireNonNull(ledger, "ledger cannot be null");
		this.stripe = Objects.requireNonNull(stripe, "stripe cannot be null");
		this.pastDueGrace = pastDueGrace;
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
	}

	Outcome apply(Event event, Subscription subscription) {
		Snapshot snapshot = read(subscription);
		PersonResolver.Resolution who = this.resolver.resolve(metadataUserId(subscription), null,
				subscription.getCustomer(), null);
		if (who.person() == null) {
			this.ledger.parked(event, snapshot.fact(), who.userId());
			return Outcome.parked(Objects.requireNonNull(who.reason()), who.userId());
		}
		AccountId person = who.person();
		Instant created = Instant.ofEpochSecond(event.getCreated());
		StripeSubscriptionEntity row = this.subscriptions.findForUpdate(snapshot.id()).orElse(null);
		if (row != null) {
			String stale = null;
			if (FINAL.contains(row.status)) {
				stale = "subscription " + row.id + " is already " + row.status + ", which is final";
			}
			else if (created.isBefore(row.eventCreated)) {
				stale = "a newer snapshot (event of " + row.eventCreated + ") was applied";
			}
			else if (created.equals(row.eventCreated) && rank(snapshot.status()) < rank(row.status)) {
				snapshot = read(fetch(snapshot.id()));
			}
			if (stale != null) {
				this.ledger.superseded(event, snapshot.fact(), person);
				return Outcome.superseded(person.value(), stale);
			}
		}
		if (GRANTING.contains(snapshot.status()) && snapshot.tier() == null) {
			throw new UnmappedPrice(String.valueOf(snapshot.priceId()));
		}
		store(row, snapshot, person, created);
		record(person, new Change("stripe", event.getId() + " " + event.getType()));
		this.ledger.applied(event, snapshot.fact(), person);
		return Outcome.applied(person.value());
	}

	/** Takes the tier from people whose {@code past_due} grace is over (run by the retry job). */
	void endExpiredGrace(Instant now, java.util.function.Consumer<Runnable> inTransaction) {
		if (this.pastDueGrace == null) {
			return;
		}
		this.subscriptions.findByStatusAndPastDueSinceLessThanEqual(PAST_DUE, now.minus(this.pastDueGrace))
			.stream()
			.map((row) -> row.userId)
			.distinct()
			.forEach((userId) -> inTransaction.accept(() -> record(new AccountId(userId),
					new Change("billing", "past_due grace of " + this.pastDueGrace + " ended"))));
	}

	/** Records the person's best subscription with the entitlements module (a no-op when unchanged). */
	private void record(AccountId person, Change change) {
		Instant now = this.clock.instant();
		List<StripeSubscriptionEntity> rows = this.subscriptions.findByUserId(person.value());
		TierCatalog catalog = this.entitlements.catalog();
		StripeSubscriptionEntity best = rows.stream()
			.filter((row) -> grants(row, now))
			.max(Comparator.comparingInt((StripeSubscriptionEntity row) -> rankOf(catalog, row.tier))
				.thenComparing((row) -> row.startedAt))
			.orElseGet(() -> rows.stream().max(Comparator.comparing((row) -> row.startedAt)).orElseThrow());
		this.entitlements.recordSubscription(person, new BillingSubscription(best.id, best.status, best.tier,
				grants(best, now), best.periodEnd, best.cancelAtPeriodEnd), change);
	}

	private boolean grants(StripeSubscriptionEntity row, Instant now) {
		if (!GRANTING.contains(row.status) || row.tier == null) {
			return false;
		}
		return !PAST_DUE.equals(row.status) || this.pastDueGrace == null || row.pastDueSince == null
				|| now.isBefore(row.pastDueSince.plus(this.pastDueGrace));
	}

	private void store(@Nullable StripeSubscriptionEntity row, Snapshot snapshot, AccountId person, Instant created) {
		StripeSubscriptionEntity stored = (row != null) ? row : new StripeSubscriptionEntity();
		boolean wasPastDue = PAST_DUE.equals(stored.status) && stored.pastDueSince != null;
		stored.id = snapshot.id();
		stored.userId = person.value();
		stored.customerId = snapshot.customerId();
		stored.status = snapshot.status();
		stored.priceId = snapshot.priceId();
		stored.tier = snapshot.tier();
		stored.periodStart = snapshot.periodStart();
		stored.periodEnd = snapshot.periodEnd();
		stored.cancelAtPeriodEnd = snapshot.cancelAtPeriodEnd();
		stored.startedAt = snapshot.startedAt();
		stored.eventCreated = created;
		stored.pastDueSince = !PAST_DUE.equals(snapshot.status()) ? null : wasPastDue ? stored.pastDueSince : created;
		stored.updatedAt = this.clock.instant();
		this.subscriptions.save(stored);
	}

	private Subscription fetch(String id) {
		try {
			return this.stripe.v1().subscriptions().retrieve(id);
		}
		catch (StripeException ex) {
			throw new PaymentProviderFailed("could not fetch subscription " + id + " from Stripe to settle the order",
					ex);
		}
	}

	/** The fields billing reads; a missing one fails the event loudly. */
	private Snapshot read(Subscription subscription) {
		String id = require(subscription.getId(), "subscription.id");
		String status = require(subscription.getStatus(), "subscription.status");
		boolean cancelAtPeriodEnd = require(subscription.getCancelAtPeriodEnd(), "subscription.cancel_at_period_end");
		long started = require(subscription.getCreated(), "subscription.created");
		List<SubscriptionItem> items = require(require(subscription.getItems(), "subscription.items").getData(),
				"subscription.items.data");
		if (items.isEmpty()) {
			throw new UnreadableEvent("subscription.items.data is empty");
		}
		TierCatalog catalog = this.entitlements.catalog();
		SubscriptionItem primary = null;
		String primaryTier = null;
		for (SubscriptionItem item : items) {
			Price price = require(item.getPrice(), "subscription.items.data[].price");
			require(price.getId(), "subscription.items.data[].price.id");
			require(item.getCurrentPeriodEnd(), "subscription.items.data[].current_period_end");
			require(item.getCurrentPeriodStart(), "subscription.items.data[].current_period_start");
			String tier = this.prices
				.tierOf(price.getId(), price.getLookupKey(),
						(price.getMetadata() != null) ? price.getMetadata().get("tier") : null)
				.orElse(null);
			if (primary == null || rankOf(catalog, tier) > rankOf(catalog, primaryTier)) {
				primary = item;
				primaryTier = tier;
			}
		}
		return new Snapshot(id, status, primary.getPrice().getId(), primaryTier,
				Instant.ofEpochSecond(primary.getCurrentPeriodStart()),
				Instant.ofEpochSecond(primary.getCurrentPeriodEnd()), cancelAtPeriodEnd, Instant.ofEpochSecond(started),
				subscription.getCustomer(), subscription.getCurrency());
	}

	private static @Nullable String metadataUserId(Subscription subscription) {
		return (subscription.getMetadata() != null) ? subscription.getMetadata().get("user_id") : null;
	}

	private static int rank(String status) {
		return RANK.getOrDefault(status, 1);
	}

	private static int rankOf(TierCatalog catalog, @Nullable String tier) {
		return (tier != null) ? catalog.find(tier).map(Tier::rank).orElse(-1) : -2;
	}

	/** The parts of a subscription billing keeps. */
	private record Snapshot(String id, String status, @Nullable String priceId, @Nullable String tier,
			Instant periodStart, Instant periodEnd, boolean cancelAtPeriodEnd, Instant startedAt,
			@Nullable String customerId, @Nullable String currency) {

		Fact fact() {
			return new Fact(LedgerFacts.SUBSCRIPTION_CHANGE, this.id, this.customerId, this.id, this.priceId,
					this.tier, 0, this.currency, this.periodStart, this.periodEnd, this.status, null, null);
		}

	}

}
