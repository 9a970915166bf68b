package io.turnstile.auth.account;

/**
 * Published when a person is created (signed up or imported), in the creating transaction; listeners that
 * need the person committed use {@code @TransactionalEventListener}.
 *
 * @param id the new person's id
 * @param imported whether an operator imported them under an existing id
 */
public record PersonJoined(String id, boolean imported) {
}
