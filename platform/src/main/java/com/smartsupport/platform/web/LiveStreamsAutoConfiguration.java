package com.smartsupport.platform.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** The settings of the live streams ({@link LiveStreamProperties}) for the services that hold some. */
@AutoConfiguration
@EnableConfigurationProperties(LiveStreamProperties.class)
public class LiveStreamsAutoConfiguration {}
