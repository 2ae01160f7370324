package io.specialist.trainer.feedback;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.specialist.trainer.config.TrainerConfig;
import io.specialist.trainer.pipeline.JobKind;
import io.specialist.trainer.repository.TrainingJobRepository;
import io.specialist.trainer.service.JobRequest;
import io.specialist.trainer.service.JobService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Queues a preference job for a domain once it has at least {@code preference.min-pairs} new pairs (pairs resting
 * on feedback received since its last preference job started). Checked after every stored judgement and, for
 * restart safety, for every domain with feedback at startup: the decision is made from the database alone, so
 * a crash between storing feedback and checking loses nothing. A domain with a queued preference job is left
 * alone (that job will read all pairs when it starts); with a running one, enough newer pairs queue one follow-up.
 * Two replicas deciding at once meet in the job table's one-queued-job-per-kind constraint (the second trigger
 * merges into the first).
 */
@ApplicationScoped
public class PreferenceTrigger {

    private static final Logger LOG = Logger.getLogger(PreferenceTrigger.class);

    private final FeedbackStore store;
    private final TrainingJobRepository jobs;
    private final JobService jobService;
    private final TrainerConfig config;
    private ExecutorService startup;

    public PreferenceTrigger(FeedbackStore store, TrainingJobRepository jobs, JobService jobService,
            TrainerConfig config) {
        this.store = store;
        this.jobs = jobs;
        this.jobService = jobService;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        startup = Executors.newSingleThreadExecutor(r -> new Thread(r, "preference-trigger-startup"));
        startup.execute(() -> {
            try {
                store.domains().forEach(this::check);
            } catch (RuntimeException e) {
                LOG.warnf("checking domains for new preference pairs at startup failed: %s", e.getMessage());
            }
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        if (startup != null) {
            startup.shutdownNow();
        }
    }

    /** Queues a preference job for {@code domain} when it has enough new pairs and none is queued; true if it did. */
    public boolean check(String domain) {
        boolean queued = QuarkusTransaction.requiringNew().call(
                () -> jobs.queuedFor(domain, JobKind.PREFERENCE).isPresent());
        if (queued) {
            return false;
        }
        FeedbackStats stats = store.stats(domain);
        int minPairs = config.preference().minPairs();
        if (stats.newPairs() < minPairs) {
            return false;
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("newPairs", stats.newPairs());
        detail.put("pairs", stats.pairs());
        detail.put("minPairs", minPairs);
        jobService.trigger(new JobRequest(domain, JobKind.PREFERENCE, JobRequest.SOURCE_FEEDBACK, detail, null, null));
        LOG.infof("domain %s has %d new preference pairs (>= %d): preference job queued", domain, stats.newPairs(),
                minPairs);
        return true;
    }
}
