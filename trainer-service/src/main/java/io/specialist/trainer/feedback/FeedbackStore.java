package io.specialist.trainer.feedback;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.specialist.events.FeedbackSubmitted;
import io.specialist.trainer.config.TrainerConfig;
import io.specialist.trainer.pipeline.JobKind;
import io.specialist.trainer.registry.ModelVersion;
import io.specialist.trainer.repository.TrainingJobEntity;
import io.specialist.trainer.repository.TrainingJobRepository;
import io.specialist.trainer.service.Constraints;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Stores expert feedback (once per event id) and builds a domain's preference pairs from it. The domain is the
 * model name without {@code @version}: a judgement of {@code legal@3} teaches the next {@code legal} model.
 */
@ApplicationScoped
public class FeedbackStore {

    /** Longest prompt or completion text kept (characters); longer feedback is refused. */
    public static final int MAX_TEXT = 100_000;

    private final FeedbackRepository feedback;
    private final TrainingJobRepository jobs;
    private final TrainerConfig config;

    public FeedbackStore(FeedbackRepository feedback, TrainingJobRepository jobs, TrainerConfig config) {
        this.feedback = feedback;
        this.jobs = jobs;
        this.config = config;
    }

    /** How storing an event went. */
    public enum Outcome { STORED, DUPLICATE }

    /**
     * Validates and stores one event.
     *
     * @throws InvalidFeedbackException when it cannot be learnt from (the message says why)
     */
    public Outcome store(FeedbackSubmitted event, String eventId) {
        FeedbackEntity row = toEntity(event, eventId);
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                if (feedback.hasEvent(eventId)) {
                    return Outcome.DUPLICATE;
                }
                feedback.persist(row);
                feedback.flush();
                return Outcome.STORED;
            });
        } catch (RuntimeException e) {
            if (Constraints.isUniqueViolation(e)) {
                return Outcome.DUPLICATE; // another consumer thread or replica stored it first
            }
            throw e;
        }
    }

    /** The domain's pairs in {@code split} (null: both), the most recent {@code max}, oldest first. */
    public List<FeedbackPair> pairs(String domain, String split, int max) {
        List<FeedbackPair> all = QuarkusTransaction.requiringNew().call(() -> buildPairs(domain));
        List<FeedbackPair> selected = split == null ? all
                : all.stream().filter(p -> p.split().equals(split)).toList();
        return selected.size() > max ? selected.subList(selected.size() - max, selected.size()) : selected;
    }

    public List<String> domains() {
        return QuarkusTransaction.requiringNew().call(feedback::domains);
    }

    public FeedbackStats stats(String domain) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<FeedbackEntity> rows = feedback.forDomain(domain);
            List<FeedbackPair> pairs = PairBuilder.build(domain, rows.stream().map(StoredFeedback::of).toList());
            Optional<TrainingJobEntity> last = jobs.latest(domain, JobKind.PREFERENCE);
            Instant since = last.map(FeedbackStore::watermark).orElse(Instant.EPOCH);
            int explicit = (int) pairs.stream().filter(p -> p.source().equals(FeedbackPair.EXPLICIT)).count();
            int heldout = (int) pairs.stream().filter(p -> p.split().equals(PairSplit.HELDOUT)).count();
            int fresh = (int) pairs.stream().filter(p -> p.receivedAt().isAfter(since)).count();
            Instant newest = rows.isEmpty() ? null : rows.get(rows.size() - 1).receivedAt;
            return new FeedbackStats(domain, rows.size(), rows.stream().filter(r -> r.rating != null).count(),
                    pairs.size(), explicit, pairs.size() - explicit, pairs.size() - heldout, heldout, fresh,
                    config.preference().minPairs(), newest, last.map(j -> j.id).orElse(null));
        });
    }

    /**
     * Feedback after this instant is new to the domain's next preference job: its last preference job read the
     * pairs when it started (a queued one has not read them yet, so it counts from its creation, which the
     * trigger never needs: a queued job already covers everything).
     */
    static Instant watermark(TrainingJobEntity job) {
        return job.startedAt != null ? job.startedAt : job.createdAt;
    }

    private List<FeedbackPair> buildPairs(String domain) {
        return PairBuilder.build(domain, feedback.forDomain(domain).stream().map(StoredFeedback::of).toList());
    }

    private static FeedbackEntity toEntity(FeedbackSubmitted event, String eventId) {
        if (event.model() == null || event.prompt() == null || event.completion() == null) {
            throw new InvalidFeedbackException("feedback on completion '" + event.completionId() + "' names no model, "
                    + "prompt and completion; the trainer learns only from resolved feedback (serving's "
                    + "POST /v1/feedback resolves completion ids)");
        }
        String domain = event.model().contains("@") ? event.model().substring(0, event.model().indexOf('@'))
                : event.model();
        if (!ModelVersion.validDomain(domain)) {
            throw new InvalidFeedbackException("model '" + event.model() + "' does not name a domain matching "
                    + ModelVersion.DOMAIN_REGEX);
        }
        if (event.completion().isEmpty()) {
            throw new InvalidFeedbackException("the completion must not be empty");
        }
        // the event's constructor has checked the rating against its scale
        Double rating = event.rating() == null ? null : event.normalizedRating();
        if (rating == null && event.preferred() == null && event.rejected() == null) {
            throw new InvalidFeedbackException("feedback needs a 'rating', a 'preferred' or a 'rejected' completion");
        }
        requireText("prompt", event.prompt(), true);
        requireText("completion", event.completion(), false);
        requireText("preferred", event.preferred(), false);
        requireText("rejected", event.rejected(), false);
        FeedbackEntity row = new FeedbackEntity();
        row.eventId = eventId;
        row.model = event.model();
        row.domain = domain;
        row.completionId = event.completionId();
        row.prompt = event.prompt();
        row.completion = event.completion();
        row.rating = rating;
        row.preferred = event.preferred();
        row.rejected = event.rejected();
        row.expert = event.expert() == null || event.expert().length() <= 200 ? event.expert()
                : event.expert().substring(0, 200);
        row.submittedAt = event.submittedAt();
        row.receivedAt = Instant.now();
        return row;
    }

    private static void requireText(String field, String text, boolean emptyAllowed) {
        if (text == null) {
            return;
        }
        if (!emptyAllowed && text.isEmpty()) {
            throw new InvalidFeedbackException("'" + field + "' must not be empty when given");
        }
        if (text.length() > MAX_TEXT) {
            throw new InvalidFeedbackException("'" + field + "' has " + text.length() + " characters; at most "
                    + MAX_TEXT + " are kept");
        }
    }
}
