package com.smartsupport.platform.testsupport.archfixture.billing;

import org.springframework.web.bind.annotation.RestController;

/** A fixture of {@code ArchitectureRulesTest}. */
@RestController
public class InvoiceController {}
