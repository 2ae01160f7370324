package io.specialist.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh, empty database per test run: a new PostgreSQL database on 127.0.0.1:5432 (trust auth) for
 * {@code kind=postgresql}, or an H2 file database in a temporary folder for {@code kind=h2} (the
 * default). Both are removed on stop. The database kind itself is a build-time choice in Quarkus, so
 * tests that want PostgreSQL use {@link PostgresProfile}, which sets both.
 */
public class DatabaseResource implements QuarkusTestResourceLifecycleManager {

    public static final String KIND = "kind";
    static final String PG_HOST = "127.0.0.1";
    static final int PG_PORT = 5432;
    static final String PG_ADMIN_URL = "jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/postgres";
    static final String PG_USER = "postgres";

    private String kind = "h2";
    private String pgDatabase;
    private Path h2Dir;

    /** Whether the machine's PostgreSQL accepts connections. */
    public static boolean postgresAvailable() {
        return FreePorts.listening(PG_PORT, 500);
    }

    @Override
    public void init(Map<String, String> initArgs) {
        kind = initArgs.getOrDefault(KIND, "h2");
    }

    @Override
    public Map<String, String> start() {
        if ("postgresql".equals(kind)) {
            pgDatabase = "specialist_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            admin("CREATE DATABASE " + pgDatabase);
            return Map.of(
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/" + pgDatabase,
                    "quarkus.datasource.username", PG_USER,
                    "quarkus.datasource.password", "");
        }
        try {
            h2Dir = Files.createTempDirectory("specialist-h2-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "quarkus.datasource.jdbc.url", "jdbc:h2:file:" + h2Dir.resolve("db") + ";DB_CLOSE_ON_EXIT=FALSE",
                "quarkus.datasource.username", "sa",
                "quarkus.datasource.password", "");
    }

    @Override
    public void stop() {
        if (pgDatabase != null) {
            admin("DROP DATABASE IF EXISTS " + pgDatabase + " WITH (FORCE)");
            pgDatabase = null;
        }
        if (h2Dir != null) {
            TempDirectories.deleteRecursively(h2Dir);
            h2Dir = null;
        }
    }

    private static void admin(String sql) {
        try (Connection connection = DriverManager.getConnection(PG_ADMIN_URL, PG_USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + PG_ADMIN_URL + " refused '" + sql
                    .toLowerCase(Locale.ROOT) + "': " + e.getMessage(), e);
        }
    }
}
