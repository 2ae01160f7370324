package io.specialist.trainer.service;

import java.sql.SQLException;

/** Recognises unique-constraint violations (SQLState 23505 on both PostgreSQL and H2) in an exception chain. */
public final class Constraints {

    private Constraints() {
    }

    /** A unique violation or an optimistic-lock conflict: someone else changed the same rows first. */
    static boolean isConcurrentChange(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof jakarta.persistence.OptimisticLockException
                    || t instanceof org.hibernate.StaleStateException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return isUniqueViolation(error);
    }

    public static boolean isUniqueViolation(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
            if (t instanceof org.hibernate.exception.ConstraintViolationException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
