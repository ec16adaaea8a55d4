package com.smartsupport.platform.testsupport.archfixture.orders;

import org.springframework.data.repository.Repository;

/** A fixture of {@code ArchitectureRulesTest}. */
public interface OrderRepository extends Repository<Order, String> {}
