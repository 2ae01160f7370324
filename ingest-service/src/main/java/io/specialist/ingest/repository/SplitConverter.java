package io.specialist.ingest.repository;

import io.specialist.events.Split;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a split by its wire name ({@code train}, {@code heldout}). */
@Converter
public class SplitConverter implements AttributeConverter<Split, String> {

    @Override
    public String convertToDatabaseColumn(Split split) {
        return split == null ? null : split.wire();
    }

    @Override
    public Split convertToEntityAttribute(String value) {
        return value == null ? null : Split.fromWire(value);
    }
}
