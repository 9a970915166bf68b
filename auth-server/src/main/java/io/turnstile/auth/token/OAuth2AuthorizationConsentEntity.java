package io.turnstile.auth.token;

import java.io.Serializable;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** What a person consented to for one client. */
@Entity
@Table(name = "oauth2_authorization_consent")
@IdClass(OAuth2AuthorizationConsentEntity.Key.class)
class OAuth2AuthorizationConsentEntity {

	@Id
	String registeredClientId = "";

	@Id
	String principalName = "";

	String authorities = "";

	record Key(String registeredClientId, String principalName) implements Serializable {

		Key() {
			this("", "");
		}

	}

}
