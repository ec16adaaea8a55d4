package com.smartsupport.platform.testsupport.archfixture.billing;

import com.smartsupport.platform.testsupport.archfixture.orders.Order;
import com.smartsupport.platform.testsupport.archfixture.orders.OrderRepository;

/** A fixture of {@code ArchitectureRulesTest}: billing and orders depend on each other, and billing reads orders' storage. */
public class Invoice {
    Order order;
    OrderRepository orders;
}
