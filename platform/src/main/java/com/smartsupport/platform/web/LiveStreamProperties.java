package com.smartsupport.platform.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The live event streams of customers and agents ({@code smart.live.*}, {@link SseStreams}).
 *
 * @param heartbeat how often an idle stream sends a comment, so that proxies keep it open
 */
@ConfigurationProperties("smart.live")
public record LiveStreamProperties(@DefaultValue("15s") Duration heartbeat) {}
