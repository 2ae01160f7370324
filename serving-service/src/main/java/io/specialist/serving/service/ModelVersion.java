package io.specialist.serving.service;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model version name, {@code domain@N}: the N-th model the trainer published for that domain.
 * Versions of one domain are ordered by {@code number}; the highest is the latest.
 */
public record ModelVersion(String domain, int number) implements Comparable<ModelVersion> {

    /** Domain names: what the ingest and trainer services accept, and safe in URLs and metric tags. */
    public static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern VERSION = Pattern.compile("(" + DOMAIN.pattern() + ")@([1-9][0-9]{0,8})");

    public ModelVersion {
        if (domain == null || !DOMAIN.matcher(domain).matches()) {
            throw new IllegalArgumentException("domain '" + domain + "' is not a valid domain name ("
                    + DOMAIN.pattern() + ")");
        }
        if (number < 1) {
            throw new IllegalArgumentException("version number must be at least 1, got " + number);
        }
    }

    /**
     * Parses {@code domain@N}.
     *
     * @throws IllegalArgumentException saying what is wrong with the text
     */
    public static ModelVersion parse(String text) {
        Matcher m = text == null ? null : VERSION.matcher(text);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a model version of the form domain@N, e.g. legal@3");
        }
        return new ModelVersion(m.group(1), Integer.parseInt(m.group(2)));
    }

    public static boolean isDomain(String text) {
        return text != null && DOMAIN.matcher(text).matches();
    }

    public boolean isNewerThan(ModelVersion other) {
        return other == null || number > other.number;
    }

    @Override
    public int compareTo(ModelVersion o) {
        int byDomain = domain.compareTo(o.domain);
        return byDomain != 0 ? byDomain : Integer.compare(number, o.number);
    }

    /** Serialised as {@code domain@N} in JSON, as everywhere else. */
    @JsonValue
    @Override
    public String toString() {
        return domain + "@" + number;
    }
}
