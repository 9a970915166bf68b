package io.turnstile.auth.client;

import io.turnstile.auth.token.AuthorizationJson;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ClientConfiguration {

	@Bean
	JpaRegisteredClientRepository registeredClientRepository(RegisteredClientEntityRepository clients,
			ClientProperties properties) {
		return new JpaRegisteredClientRepository(clients, AuthorizationJson.create(),
				new RegisteredClientCache(properties.cacheTtl()));
	}

}
