package io.turnstile;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Turnstile: identity and entitlement server for subscription media.
 */
@SpringBootApplication(scanBasePackages = "io.turnstile.auth")
@ConfigurationPropertiesScan("io.turnstile.auth")
@EnableScheduling
public class AuthServerApplication {

	public static void main(String[] args) {
		SpringApplication.run(AuthServerApplication.class, args);
	}

}
