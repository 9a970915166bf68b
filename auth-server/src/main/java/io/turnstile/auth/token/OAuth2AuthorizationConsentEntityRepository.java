package io.turnstile.auth.token;

import org.springframework.data.jpa.repository.JpaRepository;

interface OAuth2AuthorizationConsentEntityRepository
		extends JpaRepository<OAuth2AuthorizationConsentEntity, OAuth2AuthorizationConsentEntity.Key> {

}
