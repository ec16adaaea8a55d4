package com.smartsupport.fixtureservice;

/** A fixture of {@code ArchitectureRulesTest}: a class of another module than the one checked. */
public class Stranger {}
