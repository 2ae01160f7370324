package io.specialist.trainer.registry;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A model version {@code domain@N}: N counts the domain's published models from 1. */
public record ModelVersion(String domain, int number) implements Comparable<ModelVersion> {

    /** Domain names: safe as a folder name, a Kafka key and a Kubernetes label value. */
    public static final String DOMAIN_REGEX = "[a-z0-9][a-z0-9_-]{0,62}";
    private static final Pattern DOMAIN = Pattern.compile(DOMAIN_REGEX);
    private static final Pattern VERSION = Pattern.compile("(" + DOMAIN_REGEX + ")@([1-9][0-9]{0,8})");

    public ModelVersion {
        if (!validDomain(domain)) {
            throw new IllegalArgumentException("domain '" + domain + "' must match " + DOMAIN_REGEX);
        }
        if (number < 1) {
            throw new IllegalArgumentException("model number must be >= 1, got " + number);
        }
    }

    public static boolean validDomain(String domain) {
        return domain != null && DOMAIN.matcher(domain).matches();
    }

    /** Parses {@code domain@N}, failing with a message that shows the expected form. */
    public static ModelVersion parse(String text) {
        Matcher m = text == null ? null : VERSION.matcher(text);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("model version '" + text + "' must look like legal@3 (domain@number)");
        }
        return new ModelVersion(m.group(1), Integer.parseInt(m.group(2)));
    }

    @Override
    public int compareTo(ModelVersion other) {
        int byDomain = domain.compareTo(other.domain);
        return byDomain != 0 ? byDomain : Integer.compare(number, other.number);
    }

    @Override
    public String toString() {
        return domain + "@" + number;
    }
}
