package io.specialist.ingest.repository;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.specialist.testing.H2Profile;
import io.specialist.testing.KafkaBrokerResource;

/** The storage contract on H2, the embedded default. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@TestProfile(H2Profile.class)
class H2DocumentRepositoryTest extends DocumentRepositoryContract {
}
