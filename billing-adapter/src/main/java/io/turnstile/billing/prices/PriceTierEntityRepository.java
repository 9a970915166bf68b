package io.turnstile.billing.prices;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

interface PriceTierEntityRepository extends JpaRepository<PriceTierEntity, String> {

	List<PriceTierEntity> findAllByOrderByPriceKeyAsc();

}
