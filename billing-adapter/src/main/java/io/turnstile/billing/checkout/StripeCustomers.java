package io.turnstile.billing.checkout;

import java.time.Clock;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

import io.turnstile.entitlements.AccountId;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stripe customer id ↔ person: the customers checkout creates, and those an event named the person of
 * (an imported person's existing customer, for example).
 */
public class StripeCustomers {

	static final String CHECKOUT = "checkout";

	static final String EVENT = "event";

	private final StripeCustomerEntityRepository customers;

	private final Clock clock;

	StripeCustomers(StripeCustomerEntityRepository customers, Clock clock) {
		this.customers = Objects.requireNonNull(customers, "customers cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
	}

	/** The person a customer belongs to, if known. */
	@Transactional(readOnly = true)
	public Optional<AccountId> personOf(String customerId) {
		return this.customers.findById(customerId).map((customer) -> new AccountId(customer.userId));
	}

	/** The customer to use for a person's checkout: the one checkout created, else the first one known. */
	@Transactional(readOnly = true)
	public Optional<String> customerOf(AccountId userId) {
		return this.customers.findByUserIdOrderByCreatedAtAsc(userId.value())
			.stream()
			.min(Comparator.comparing((StripeCustomerEntity customer) -> !CHECKOUT.equals(customer.source)))
			.map((customer) -> customer.customerId);
	}

	/** Remembers a customer an event named the person of; a customer already known keeps its person. */
	@Transactional
	public void learn(String customerId, AccountId userId) {
		if (!this.customers.existsById(customerId)) {
			save(customerId, userId, EVENT);
		}
	}

	/** Remembers a customer checkout created, in its own transaction so the mapping outlives a failed session. */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public void created(String customerId, AccountId userId) {
		try {
			save(customerId, userId, CHECKOUT);
		}
		catch (DataIntegrityViolationException ex) {
			// Created by a concurrent checkout of the same person (same idempotency key): already remembered.
		}
	}

	private void save(String customerId, AccountId userId, String source) {
		StripeCustomerEntity customer = new StripeCustomerEntity();
		customer.customerId = customerId;
		customer.userId = userId.value();
		customer.source = source;
		customer.createdAt = this.clock.instant();
		this.customers.saveAndFlush(customer);
	}

}
