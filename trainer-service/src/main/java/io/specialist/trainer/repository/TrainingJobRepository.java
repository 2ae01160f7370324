package io.specialist.trainer.repository;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class TrainingJobRepository implements PanacheRepositoryBase<TrainingJobEntity, String> {

    /** The domain's job waiting to run, if any (there is at most one). */
    public Optional<TrainingJobEntity> queuedFor(String domain) {
        return find("queuedDomain", domain).firstResultOptional();
    }

    /** The domain's job of this kind waiting to run, if any (there is at most one per kind). */
    public Optional<TrainingJobEntity> queuedFor(String domain, io.specialist.trainer.pipeline.JobKind kind) {
        return find("queuedDomain", kind.queueKey(domain)).firstResultOptional();
    }

    /** The domain's newest job of this kind, whatever its state. */
    public Optional<TrainingJobEntity> latest(String domain, io.specialist.trainer.pipeline.JobKind kind) {
        return find("domain = ?1 and kind = ?2", Sort.descending("createdAt"), domain, kind.wire())
                .firstResultOptional();
    }

    /** The domain's running job, if any (there is at most one). */
    public Optional<TrainingJobEntity> runningFor(String domain) {
        return find("runningDomain", domain).firstResultOptional();
    }

    /** Queued jobs, oldest first. */
    public List<TrainingJobEntity> queued(int max) {
        return find("state", Sort.by("createdAt"), "queued").page(Page.ofSize(max)).list();
    }

    public List<TrainingJobEntity> inState(String state) {
        return find("state", Sort.by("createdAt"), state).list();
    }

    /** Running jobs of a runner whose heartbeat is older than {@code before} (their runner is presumed dead). */
    public List<TrainingJobEntity> staleRunning(String runner, Instant before) {
        return find("state = 'running' and runner = :runner and (heartbeatAt is null or heartbeatAt < :before)",
                Parameters.with("runner", runner).and("before", before)).list();
    }

    /** Newest first, optionally filtered by domain and state. */
    public List<TrainingJobEntity> search(String domain, String state, int limit) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters params = new Parameters();
        if (domain != null) {
            query.append(" and domain = :domain");
            params = params.and("domain", domain);
        }
        if (state != null) {
            query.append(" and state = :state");
            params = params.and("state", state);
        }
        return find(query.toString(), Sort.descending("createdAt"), params).page(Page.ofSize(limit)).list();
    }

    /**
     * Refreshes the heartbeat of running jobs with a bulk update, which leaves the row version alone so it
     * never conflicts with a concurrent state change; returns the ids whose cancel was requested.
     */
    public java.util.List<String> heartbeat(java.util.Collection<String> ids, Instant now) {
        if (ids.isEmpty()) {
            return java.util.List.of();
        }
        update("heartbeatAt = :now where id in :ids and state = 'running'",
                Parameters.with("now", now).and("ids", ids));
        return getEntityManager().createQuery("select j.id from TrainingJobEntity j where j.id in :ids "
                        + "and j.state = 'running' and j.cancelRequested = true", String.class)
                .setParameter("ids", ids).getResultList();
    }

    /** Stores a progress report (and counts it as a heartbeat); true when the job asked to be cancelled. */
    public boolean progress(String id, String progressJson, Instant now) {
        update("progressJson = :progress, heartbeatAt = :now, updatedAt = :now where id = :id and state = 'running'",
                Parameters.with("progress", progressJson).and("now", now).and("id", id));
        return count("id = :id and cancelRequested = true", Parameters.with("id", id)) > 0;
    }

    /** Flags a running job for cancellation without touching its row version. */
    public void requestCancel(String id) {
        update("cancelRequested = true where id = ?1 and state = 'running'", id);
    }

    public long countInState(String state) {
        return count("state", state);
    }
}
