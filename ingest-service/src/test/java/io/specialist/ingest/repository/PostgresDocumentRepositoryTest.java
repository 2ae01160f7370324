package io.specialist.ingest.repository;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.specialist.testing.KafkaBrokerResource;
import io.specialist.testing.PostgresProfile;

/** The storage contract on PostgreSQL (a fresh database on 127.0.0.1:5432; H2 with a warning if absent). */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@TestProfile(PostgresProfile.class)
class PostgresDocumentRepositoryTest extends DocumentRepositoryContract {
}
