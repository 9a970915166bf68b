package io.turnstile.auth.device;

import io.turnstile.auth.audit.AuditLog;
import io.turnstile.auth.token.JpaOAuth2AuthorizationService;
import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.Device;
import io.turnstile.entitlements.Devices;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.Assert;

/**
 * Signing devices out: the device record, its refresh family and live access tokens, the change-feed
 * entry and the audit record go together in one transaction.
 */
@Component
public class SignOut {

	private static final Log logger = LogFactory.getLog(SignOut.class);

	private final Devices devices;

	private final JpaOAuth2AuthorizationService authorizations;

	private final AuditLog audit;

	SignOut(Devices devices, JpaOAuth2AuthorizationService authorizations, AuditLog audit) {
		Assert.notNull(devices, "devices cannot be null");
		Assert.notNull(authorizations, "authorizations cannot be null");
		Assert.notNull(audit, "audit cannot be null");
		this.devices = devices;
		this.authorizations = authorizations;
		this.audit = audit;
	}

	/**
	 * @throws io.turnstile.entitlements.UnknownGrant if the person has no such active device
	 */
	@Transactional
	public void device(AccountId person, String deviceId) {
		Device device = this.devices.signOut(person, deviceId);
		this.authorizations.revokeFamily(device.id());
		this.audit.record(AuditLog.entry("device.signed-out")
			.subject(person.value())
			.client(device.clientId())
			.detail("device " + device.id()));
	}

	@Transactional
	public int everywhere(AccountId person) {
		int count = 0;
		for (Device device : this.devices.active(person)) {
			this.devices.signOut(person, device.id());
			this.authorizations.revokeFamily(device.id());
			count++;
		}
		logger.info("Signed " + person + " out of " + count + " device(s)");
		this.audit.record(AuditLog.entry("device.signed-out-everywhere")
			.subject(person.value())
			.detail(count + " device(s)"));
		return count;
	}

}
