package io.turnstile.auth.account;

import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.event.AuthenticationFailureLockedEvent;
import org.springframework.stereotype.Component;

/**
 * Spring Security's authentication event publisher (replacing Boot's default one), which also publishes a
 * throttled sign-in ({@link SignInThrottled}) as a failure: an account locked for a while.
 */
@Component
class ThrottleAwareAuthenticationEventPublisher extends DefaultAuthenticationEventPublisher {

	ThrottleAwareAuthenticationEventPublisher(ApplicationEventPublisher publisher) {
		super(publisher);
		setAdditionalExceptionMappings(Map.of(SignInThrottled.class, AuthenticationFailureLockedEvent.class));
	}

}
