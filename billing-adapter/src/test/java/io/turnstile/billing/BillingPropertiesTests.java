package io.turnstile.billing;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BillingPropertiesTests {

	private final BillingProperties.Retry retry = new BillingProperties.Retry(Duration.ofSeconds(30),
			Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofMinutes(2));

	@Test
	void retryDelayDoublesFromTheInitialDelayUpToTheMaximum() {
		assertThat(this.retry.delayAfter(1)).isEqualTo(Duration.ofMinutes(1));
		assertThat(this.retry.delayAfter(2)).isEqualTo(Duration.ofMinutes(2));
		assertThat(this.retry.delayAfter(3)).isEqualTo(Duration.ofMinutes(4));
		assertThat(this.retry.delayAfter(7)).isEqualTo(Duration.ofHours(1));
		assertThat(this.retry.delayAfter(500)).isEqualTo(Duration.ofHours(1));
	}

	@Test
	void webhookSecretsAreTrimmedAndBlankOnesDropped() {
		BillingProperties properties = new BillingProperties(List.of(" whsec_a ", "", "whsec_b"), "", "https://api.stripe.com",
				null, Map.of(), new BillingProperties.CheckoutUrls("https://s", "https://c", null), this.retry);

		assertThat(properties.webhookSecrets()).containsExactly("whsec_a", "whsec_b");
	}

}
