package io.specialist.trainer.service;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.specialist.testing.DatabaseResource;
import io.specialist.trainer.pipeline.DataSettings;
import io.specialist.trainer.pipeline.GateSettings;
import io.specialist.trainer.pipeline.JobSettings;
import io.specialist.trainer.pipeline.TrainingSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.flywaydb.core.Flyway;

/**
 * The database a crashed trainer leaves behind: a fresh database (PostgreSQL when the machine runs it,
 * else H2), migrated with the service's own Flyway scripts, holding jobs that were {@code running} when
 * their runner died, before the application under test starts on it.
 */
public class RestartSeedResource implements QuarkusTestResourceLifecycleManager {

    static final String STALE_RETRY = "5eed0000-0000-0000-0000-000000000001";
    static final String STALE_EXHAUSTED = "5eed0000-0000-0000-0000-000000000002";
    static final String SAME_NODE = "5eed0000-0000-0000-0000-000000000003";
    static final String SUPERSEDED = "5eed0000-0000-0000-0000-000000000004";
    static final String QUEUED_BEHIND = "5eed0000-0000-0000-0000-000000000005";

    private final DatabaseResource database = new DatabaseResource();

    @Override
    public void init(Map<String, String> initArgs) {
        database.init(initArgs);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> props = database.start();
        String url = props.get("quarkus.datasource.jdbc.url");
        String user = props.get("quarkus.datasource.username");
        String password = props.get("quarkus.datasource.password");
        Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").load().migrate();
        Instant longAgo = Instant.now().minus(10, ChronoUnit.MINUTES);
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            insert(c, STALE_RETRY, "computing", "running", 1, "dead-node/1a2b3c4d", longAgo);
            insert(c, STALE_EXHAUSTED, "legal", "running", 2, "dead-node/1a2b3c4d", longAgo);
            // a previous instance on this very node: certainly dead, even though its heartbeat is fresh
            insert(c, SAME_NODE, "finance", "running", 1, RunnerIdentity.localNode() + "/0ldinst0", Instant.now());
            insert(c, SUPERSEDED, "medical", "running", 1, "dead-node/1a2b3c4d", longAgo);
            insert(c, QUEUED_BEHIND, "medical", "queued", 0, null, null);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot seed the restart database: " + e.getMessage(), e);
        }
        return props;
    }

    private static void insert(Connection c, String id, String domain, String state, int attempts, String owner,
            Instant heartbeat) throws SQLException {
        JobSettings settings = new JobSettings(
                new TrainingSettings(60, 8, 64, 2e-3, 0.1, 6, 0.0, 1.0, 0.25, "l2sp", 0.01, 17, 0.0, 0.5, 5, 400),
                new GateSettings(0.02, 0.02, 1, 8), new DataSettings(1000, 50_000_000, 5_000_000), null);
        boolean running = state.equals("running");
        Instant created = Instant.now().minus(20, ChronoUnit.MINUTES);
        try (PreparedStatement s = c.prepareStatement("INSERT INTO training_job (id, domain, kind, state, "
                + "trigger_source, config_json, parent_version, base_version, runner, owner_id, attempts, coalesced, "
                + "cancel_requested, created_at, updated_at, started_at, heartbeat_at, queued_domain, running_domain, "
                + "row_version) VALUES (?, ?, 'fine-tune', ?, 'drift', ?, ?, ?, ?, ?, ?, 0, FALSE, ?, ?, ?, ?, ?, ?, 0)")) {
            s.setString(1, id);
            s.setString(2, domain);
            s.setString(3, state);
            s.setString(4, JobJson.write(settings));
            s.setString(5, running ? "general@1" : null);
            s.setString(6, running ? "general@1" : null);
            s.setString(7, running ? "in-process" : null);
            s.setString(8, owner);
            s.setInt(9, attempts);
            s.setTimestamp(10, Timestamp.from(created));
            s.setTimestamp(11, Timestamp.from(created));
            s.setTimestamp(12, running ? Timestamp.from(created) : null);
            s.setTimestamp(13, heartbeat == null ? null : Timestamp.from(heartbeat));
            s.setString(14, running ? null : domain);
            s.setString(15, running ? domain : null);
            s.executeUpdate();
        }
    }

    @Override
    public void stop() {
        database.stop();
    }
}
