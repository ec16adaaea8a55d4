package com.smartsupport.profile.sites;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/** Identity tokens as a shop signs them for its logged-in customers (HS256 with the site's secret). */
public final class SiteTokens {
    private SiteTokens() {}

    /** A shop customer's claims for this site, valid for five minutes. */
    public static JWTClaimsSet.Builder claims(String siteId, String shopCustomerId) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .subject(shopCustomerId)
                .audience(siteId)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(UUID.randomUUID().toString())
                .claim("email", shopCustomerId + "@shop.example")
                .claim("name", "Nia Shopper")
                .claim("language", "fr-FR");
    }

    /** The claims signed with the site's secret. */
    public static String hs256(String secret, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }
}
