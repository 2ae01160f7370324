package io.specialist.trainer.service;

/** The job a trigger created, or the queued job it was merged into ({@code coalesced}). */
public record TriggerResult(JobView job, boolean coalesced) {
}
