package io.turnstile.auth.billing;

import java.time.Instant;

import io.turnstile.auth.web.ApiException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FinanceControllerTests {

	@Test
	void csvFieldsWithCommasQuotesOrLineBreaksAreQuotedWithQuotesDoubled() {
		assertThat(FinanceController.csvField("in_123")).isEqualTo("in_123");
		assertThat(FinanceController.csvField(null)).isEmpty();
		assertThat(FinanceController.csvField("a,b")).isEqualTo("\"a,b\"");
		assertThat(FinanceController.csvField("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
		assertThat(FinanceController.csvField("two\r\nlines")).isEqualTo("\"two\r\nlines\"");
	}

	@Test
	void timesAreEpochSecondsIsoInstantsOrDates() {
		Instant otherwise = Instant.EPOCH;

		assertThat(FinanceController.instant("from", "1795000000", otherwise)).isEqualTo(Instant.ofEpochSecond(1795000000));
		assertThat(FinanceController.instant("from", "2026-11-01", otherwise)).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
		assertThat(FinanceController.instant("from", "2026-11-22T21:00:00Z", otherwise))
			.isEqualTo(Instant.parse("2026-11-22T21:00:00Z"));
		assertThat(FinanceController.instant("from", null, otherwise)).isEqualTo(otherwise);
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> FinanceController.instant("from", "last week", otherwise));
	}

}
