package io.turnstile.auth.token;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataRetrievalFailureException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/** {@link OAuth2AuthorizationConsentService} on JPA. */
class JpaOAuth2AuthorizationConsentService implements OAuth2AuthorizationConsentService {

	private final OAuth2AuthorizationConsentEntityRepository consents;

	private final RegisteredClientRepository registeredClients;

	JpaOAuth2AuthorizationConsentService(OAuth2AuthorizationConsentEntityRepository consents,
			RegisteredClientRepository registeredClients) {
		Assert.notNull(consents, "consents cannot be null");
		Assert.notNull(registeredClients, "registeredClients cannot be null");
		this.consents = consents;
		this.registeredClients = registeredClients;
	}

	@Override
	@Transactional
	public void save(OAuth2AuthorizationConsent consent) {
		OAuth2AuthorizationConsentEntity entity = new OAuth2AuthorizationConsentEntity();
		entity.registeredClientId = consent.getRegisteredClientId();
		entity.principalName = consent.getPrincipalName();
		entity.authorities = StringUtils.collectionToCommaDelimitedString(
				consent.getAuthorities().stream().map((authority) -> authority.getAuthority()).toList());
		this.consents.save(entity);
	}

	@Override
	@Transactional
	public void remove(OAuth2AuthorizationConsent consent) {
		this.consents.deleteById(
				new OAuth2AuthorizationConsentEntity.Key(consent.getRegisteredClientId(), consent.getPrincipalName()));
	}

	@Override
	@Transactional(readOnly = true)
	public @Nullable OAuth2AuthorizationConsent findById(String registeredClientId, String principalName) {
		return this.consents.findById(new OAuth2AuthorizationConsentEntity.Key(registeredClientId, principalName))
			.map(this::toConsent)
			.orElse(null);
	}

	private OAuth2AuthorizationConsent toConsent(OAuth2AuthorizationConsentEntity entity) {
		if (this.registeredClients.findById(entity.registeredClientId) == null) {
			throw new DataRetrievalFailureException("The registered client of a consent no longer exists");
		}
		OAuth2AuthorizationConsent.Builder builder = OAuth2AuthorizationConsent.withId(entity.registeredClientId,
				entity.principalName);
		StringUtils.commaDelimitedListToSet(entity.authorities)
			.forEach((authority) -> builder.authority(new SimpleGrantedAuthority(authority)));
		return builder.build();
	}

}
