package io.turnstile.billing.ledger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import io.turnstile.billing.Ledger;
import io.turnstile.billing.LedgerEntry;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Limit;
import org.springframework.transaction.annotation.Transactional;

/**
 * The finance ledger on JPA: appends facts (inside the caller's transaction: the webhook's apply step), and
 * reads them a page at a time. Never updates a row.
 */
public class LedgerBook implements Ledger {

	public static final String APPLIED = "applied";

	public static final String SUPERSEDED = "superseded";

	public static final String PARKED = "parked";

	static final int PAGE = 500;

	private final LedgerEntryEntityRepository entries;

	private final Clock clock;

	LedgerBook(LedgerEntryEntityRepository entries, Clock clock) {
		this.entries = Objects.requireNonNull(entries, "entries cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
	}

	/**
	 * Appends an entry unless one with the same fact key exists (a second event describing the same fact).
	 * A concurrent append of the same fact fails on the unique key and rolls the caller back.
	 * @return whether the entry was appended
	 */
	@Transactional
	public boolean append(LedgerEntry entry, String factKey, @Nullable String paymentIntent) {
		if (this.entries.existsByFactKey(factKey)) {
			return false;
		}
		this.entries.save(LedgerEntryEntity.from(entry, factKey, paymentIntent, this.clock.instant()));
		return true;
	}

	@Override
	public void forEach(Query query, Consumer<LedgerEntry> sink) {
		forEach(query.from(), query.to(), (query.userId() != null) ? query.userId().value() : null, null, null,
				sink);
	}

	/** Every entry of a period with the given kind and effect (either may be {@code null}: any), a page at a time. */
	public void forEach(Instant from, Instant to, @Nullable String userId, @Nullable String kind,
			@Nullable String effect, Consumer<LedgerEntry> sink) {
		Instant afterAt = from.minusNanos(1);
		long afterId = 0;
		while (true) {
			List<LedgerEntryEntity> page = this.entries.page(from, to, userId, kind, effect, afterAt, afterId,
					Limit.of(PAGE));
			for (LedgerEntryEntity entry : page) {
				sink.accept(entry.toDomain());
			}
			if (page.size() < PAGE) {
				return;
			}
			LedgerEntryEntity last = page.get(page.size() - 1);
			afterAt = last.occurredAt;
			afterId = (last.id != null) ? last.id : afterId;
		}
	}

	/** Whether an applied entry of this kind exists for the object. */
	@Transactional(readOnly = true)
	public boolean hasApplied(String kind, String objectId) {
		return this.entries.existsByKindAndObjectIdAndEffect(kind, objectId, APPLIED);
	}

	/** Whether an applied entry of this kind exists for the subscription. */
	@Transactional(readOnly = true)
	public boolean hasAppliedForSubscription(String kind, String subscriptionId) {
		return this.entries.existsByKindAndSubscriptionIdAndEffect(kind, subscriptionId, APPLIED);
	}

	/** Whether an applied entry of one of these kinds exists for the payment_intent. */
	@Transactional(readOnly = true)
	public boolean hasAppliedForPayment(String paymentIntent, List<String> kinds) {
		return this.entries.existsByPaymentIntentAndKindInAndEffect(paymentIntent, kinds, APPLIED);
	}

	/** Whether a full refund of the payment_intent is in the ledger. */
	@Transactional(readOnly = true)
	public boolean hasFullRefund(String paymentIntent) {
		return this.entries.existsByPaymentIntentAndKindAndStatusAndEffect(paymentIntent, "refund", "refunded", APPLIED);
	}

	/** The amount of a charge's applied refunds so far. */
	@Transactional(readOnly = true)
	public long refunded(String chargeId) {
		return this.entries.sumOfAmounts("refund", chargeId, APPLIED);
	}

	/** The event ids of the entries about an object (by object id), oldest first. */
	@Transactional(readOnly = true)
	public List<String> eventIdsOfObject(String objectId) {
		return this.entries.findTop50ByObjectIdOrderByIdAsc(objectId).stream().map((e) -> e.eventId).distinct().toList();
	}

	/** The event ids of the entries about a subscription, oldest first. */
	@Transactional(readOnly = true)
	public List<String> eventIdsOfSubscription(String subscriptionId) {
		return this.entries.findTop50BySubscriptionIdOrderByIdAsc(subscriptionId)
			.stream()
			.map((e) -> e.eventId)
			.distinct()
			.toList();
	}

	/** The event ids of the entries about a payment_intent, oldest first. */
	@Transactional(readOnly = true)
	public List<String> eventIdsOfPayment(String paymentIntent) {
		return this.entries.findTop50ByPaymentIntentOrderByIdAsc(paymentIntent)
			.stream()
			.map((e) -> e.eventId)
			.distinct()
			.toList();
	}

}
