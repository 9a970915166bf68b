package io.turnstile.entitlements.device;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.turnstile.entitlements.AccountId;
import io.turnstile.entitlements.Device;
import io.turnstile.entitlements.DeviceLimitReached;
import io.turnstile.entitlements.Devices;
import io.turnstile.entitlements.Entitlements;
import io.turnstile.entitlements.UnknownGrant;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@link Devices} on JPA. Registrations of one person are serialised on their entitlement row, so two
 * devices signing in at once cannot both take the last free place.
 */
class DeviceRegistry implements Devices {

	private static final Log logger = LogFactory.getLog(DeviceRegistry.class);

	private final DeviceEntityRepository devices;

	private final Entitlements entitlements;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	DeviceRegistry(DeviceEntityRepository devices, Entitlements entitlements, JdbcTemplate jdbc, Clock clock) {
		this.devices = Objects.requireNonNull(devices, "devices cannot be null");
		this.entitlements = Objects.requireNonNull(entitlements, "entitlements cannot be null");
		this.jdbc = Objects.requireNonNull(jdbc, "jdbc cannot be null");
		this.clock = Objects.requireNonNull(clock, "clock cannot be null");
	}

	@Override
	@Transactional
	public Device register(AccountId userId, String deviceId, String clientId, String name, String signInMethod) {
		Instant now = this.clock.instant();
		Optional<DeviceEntity> known = this.devices.findById(deviceId);
		if (known.isPresent()) {
			DeviceEntity device = known.get();
			device.lastSeen = now;
			return device.toDomain();
		}
		this.devices.ensureAccount(userId.value());
		this.devices.lockAccount(userId.value());
		int limit = this.entitlements.current(userId).tier().devices();
		if (this.devices.countByUserIdAndSignedOutAtIsNull(userId.value()) >= limit) {
			logger.info("Device limit " + limit + " reached for " + userId + "; refused a new device");
			throw new DeviceLimitReached(limit);
		}
		DeviceEntity device = new DeviceEntity();
		device.id = deviceId;
		device.userId = userId.value();
		device.clientId = clientId;
		device.name = truncate(name, 200);
		device.signInMethod = signInMethod;
		device.firstSeen = now;
		device.lastSeen = now;
		this.devices.save(device);
		return device.toDomain();
	}

	@Override
	@Transactional
	public void forget(String deviceId) {
		this.devices.deleteById(deviceId);
	}

	/** One update statement, in the caller's transaction if there is one: it runs on every token refresh. */
	@Override
	public void seen(String deviceId) {
		this.jdbc.update("update device set last_seen = ? where id = ?",
				OffsetDateTime.ofInstant(this.clock.instant(), ZoneOffset.UTC), deviceId);
	}

	@Override
	@Transactional(readOnly = true)
	public Optional<Device> find(String deviceId) {
		return this.devices.findById(deviceId).map(DeviceEntity::toDomain);
	}

	@Override
	@Transactional(readOnly = true)
	public List<Device> active(AccountId userId) {
		return this.devices.findByUserIdAndSignedOutAtIsNullOrderByLastSeenDesc(userId.value())
			.stream()
			.map(DeviceEntity::toDomain)
			.toList();
	}

	@Override
	@Transactional
	public boolean revoked(String deviceId) {
		Optional<DeviceEntity> device = this.devices.findById(deviceId).filter((found) -> found.signedOutAt == null);
		device.ifPresent((found) -> found.signedOutAt = this.clock.instant());
		return device.isPresent();
	}

	@Override
	@Transactional
	public Device signOut(AccountId userId, String deviceId) {
		DeviceEntity device = this.devices.findById(deviceId)
			.filter((found) -> found.userId.equals(userId.value()) && found.signedOutAt == null)
			.orElseThrow(() -> new UnknownGrant("This person has no active device " + deviceId));
		device.signedOutAt = this.clock.instant();
		logger.info("Device " + deviceId + " of " + userId + " signed out");
		return device.toDomain();
	}

	private static String truncate(String value, int length) {
		return (value.length() <= length) ? value : value.substring(0, length);
	}

}
