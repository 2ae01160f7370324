package io.specialist.serving.service;

/**
 * What a request's {@code model} field asks for: a domain's active model ({@code legal}) or one
 * loaded version ({@code legal@3}).
 */
public record ModelRef(String domain, ModelVersion version) {

    /**
     * Parses the {@code model} field.
     *
     * @throws IllegalArgumentException saying what a valid value looks like
     */
    public static ModelRef parse(String model) {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("'model' is required: a domain name such as 'legal' or a version such as 'legal@3'");
        }
        if (model.indexOf('@') >= 0) {
            ModelVersion version = ModelVersion.parse(model);
            return new ModelRef(version.domain(), version);
        }
        if (!ModelVersion.isDomain(model)) {
            throw new IllegalArgumentException("model '" + model + "' is neither a domain name (" + ModelVersion.DOMAIN.pattern()
                    + ") nor a version such as 'legal@3'");
        }
        return new ModelRef(model, null);
    }

    @Override
    public String toString() {
        return version != null ? version.toString() : domain;
    }
}
