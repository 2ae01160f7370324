package io.specialist.drift.service;

/** Model versions are {@code domain@N}; later versions of a domain have higher N. */
public final class ModelVersions {

    private ModelVersions() {
    }

    /** N of {@code domain@N}, or -1 when the version has no number. */
    public static int number(String version) {
        int at = version == null ? -1 : version.lastIndexOf('@');
        if (at < 0) {
            return -1;
        }
        try {
            return Integer.parseInt(version.substring(at + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
