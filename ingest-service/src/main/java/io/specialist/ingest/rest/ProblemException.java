package io.specialist.ingest.rest;

import io.specialist.events.Problem;

/** Ends a request with an RFC 9457 problem; {@link ProblemMappers} renders it. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public static ProblemException of(int status, String title, String detail) {
        return new ProblemException(Problem.of(status, title, detail));
    }

    public Problem problem() {
        return problem;
    }
}
