package io.turnstile.auth.account;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationFailureLockedEvent;

import static org.assertj.core.api.Assertions.assertThat;

class ThrottleAwareAuthenticationEventPublisherTests {

	final List<Object> published = new ArrayList<>();

	final ThrottleAwareAuthenticationEventPublisher publisher = new ThrottleAwareAuthenticationEventPublisher(
			this.published::add);

	@Test
	void throttledSignInIsPublishedAsALockedAccountFailure() {
		this.publisher.publishAuthenticationFailure(new SignInThrottled(Duration.ofSeconds(4)),
				UsernamePasswordAuthenticationToken.unauthenticated("someone@example.com", "typed"));

		assertThat(this.published).singleElement().isInstanceOf(AuthenticationFailureLockedEvent.class);
	}

	@Test
	void wrongPasswordIsStillPublishedAsBadCredentials() {
		this.publisher.publishAuthenticationFailure(new BadCredentialsException("Bad credentials"),
				UsernamePasswordAuthenticationToken.unauthenticated("someone@example.com", "typed"));

		assertThat(this.published).singleElement().isInstanceOf(AuthenticationFailureBadCredentialsEvent.class);
	}

}
