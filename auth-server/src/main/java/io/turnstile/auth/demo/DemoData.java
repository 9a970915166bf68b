package io.turnstile.auth.demo;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import io.turnstile.auth.account.People;
import io.turnstile.auth.account.SignUpRejected;
import io.turnstile.auth.client.ClientRegistrations;
import io.turnstile.auth.client.ClientSecretEncoder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.StringUtils;

/**
 * Seeds the demo person and clients on the first start; idempotent, so later starts change nothing.
 * Each secret whose environment variable is unset is generated and printed once, in one marked block,
 * on the start that creates it: the only secret Turnstile ever prints.
 */
@Component
class DemoData implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(DemoData.class);

	static final String DEMO_EMAIL = "demo@turnstile.local";

	private final DemoProperties demo;

	private final ClientRegistrations registrations;

	private final People people;

	private final RegisteredClientRepository clients;

	private final ClientSecretEncoder secretEncoder = new ClientSecretEncoder();

	private final TransactionOperations transactions;

	private final SecureRandom random = new SecureRandom();

	DemoData(DemoProperties demo, ClientRegistrations registrations, People people, RegisteredClientRepository clients,
			TransactionOperations transactions) {
		this.demo = demo;
		this.registrations = registrations;
		this.people = people;
		this.clients = clients;
		this.transactions = transactions;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (!this.demo.enabled()) {
			return;
		}
		List<String> generated = new ArrayList<>();
		// One transaction: a start that dies before printing the credentials leaves nothing behind, so the
		// next start generates (and prints) them again.
		try {
			this.transactions.executeWithoutResult((status) -> seed(generated));
		}
		catch (DataIntegrityViolationException | SignUpRejected ex) {
			// Another node starting at the same moment seeded the demo data first.
			logger.info("Demo data was seeded by another node");
			return;
		}
		if (!generated.isEmpty()) {
			StringBuilder block = new StringBuilder("\n")
				.append("==================== TURNSTILE DEMO CREDENTIALS (shown once) ====================\n");
			generated.forEach((line) -> block.append("  ").append(line).append('\n'));
			block.append("  Set the environment variables named above to choose your own.\n")
				.append("=================================================================================");
			// The one secret Turnstile ever prints: generated demo credentials, on the start that creates them.
			System.out.println(block);
		}
	}

	private void seed(List<String> generated) {
		if (this.people.findByEmail(DEMO_EMAIL).isEmpty()) {
			String password = orGenerate(this.demo.password(), "TURNSTILE_DEMO_PASSWORD", DEMO_EMAIL + " password",
					generated);
			this.people.ensure(UUID.randomUUID().toString(), DEMO_EMAIL, password, "Demo Viewer", Set.of("USER", "ADMIN"));
		}
		seed("demo-web", "Demo web app", null, null, (client) -> client
			.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
			.redirectUri("http://127.0.0.1:8081/callback")
			.postLogoutRedirectUri("http://127.0.0.1:8081/logged-out")
			.scopes(personScopes())
			.clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(true).build()));
		seed("demo-backend", "Demo backend app", this.demo.backendSecret(), "TURNSTILE_DEMO_SECRET", (client) -> client
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
			.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
			.redirectUri("http://127.0.0.1:8082/callback")
			.postLogoutRedirectUri("http://127.0.0.1:8082/logged-out")
			.scopes(personScopes())
			.clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(true).build()),
				generated);
		seed("demo-tv", "Demo TV app", null, null, (client) -> client
			.clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
			.authorizationGrantType(AuthorizationGrantType.DEVICE_CODE)
			.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
			.scopes(personScopes())
			.clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(true).build()));
		seed("demo-admin", "Demo operator tooling", this.demo.adminSecret(), "TURNSTILE_ADMIN_SECRET",
				(client) -> client.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
					.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
					.scopes((scopes) -> scopes.addAll(List.of("admin", "entitlements.read", "finance.read")))
					.clientSettings(ClientSettings.builder().requireAuthorizationConsent(false).build()),
				generated);
	}

	private void seed(String clientId, String name, @Nullable String secret, @Nullable String variable,
			Consumer<RegisteredClient.Builder> shape) {
		seed(clientId, name, secret, variable, shape, new ArrayList<>());
	}

	private void seed(String clientId, String name, @Nullable String secret, @Nullable String variable,
			Consumer<RegisteredClient.Builder> shape, List<String> generated) {
		if (this.clients.findByClientId(clientId) != null) {
			return;
		}
		RegisteredClient.Builder client = RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(clientId)
			.clientName(name)
			.clientIdIssuedAt(Instant.now())
			.tokenSettings(this.registrations.tokenSettings());
		if (variable != null) {
			String value = orGenerate(secret, variable, clientId + " client secret", generated);
			client.clientSecret(this.secretEncoder.encode(value));
		}
		shape.accept(client);
		this.clients.save(client.build());
		logger.info("Registered demo client " + clientId);
	}

	private static Consumer<Set<String>> personScopes() {
		return (scopes) -> scopes.addAll(ClientRegistrations.PERSON_SCOPES);
	}

	private String orGenerate(@Nullable String configured, String variable, String what, List<String> generated) {
		if (StringUtils.hasText(configured)) {
			return configured;
		}
		byte[] bytes = new byte[18];
		this.random.nextBytes(bytes);
		String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		generated.add(what + " (" + variable + "): " + value);
		return value;
	}

}
