package com.smartsupport.profile.sites;

import org.springframework.data.mongodb.repository.ReactiveMongoRepository;

interface SiteRepository extends ReactiveMongoRepository<Site, String> {}
