package com.smartsupport.platform.testsupport.archfixture.orders;

import com.smartsupport.fixtureservice.Stranger;
import com.smartsupport.platform.testsupport.archfixture.billing.Invoice;
import com.smartsupport.platform.testsupport.archfixture.billing.InvoiceController;

/** A fixture of {@code ArchitectureRulesTest}: breaks every rule on purpose. */
public class Order {
    Invoice invoice;
    InvoiceController controller;
    Stranger stranger;
}
