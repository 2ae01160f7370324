package io.specialist.ingest.repository;

import io.specialist.events.DocumentKind;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a kind by its wire name ({@code document}, {@code instruction}) so SQL reads like the API. */
@Converter
public class DocumentKindConverter implements AttributeConverter<DocumentKind, String> {

    @Override
    public String convertToDatabaseColumn(DocumentKind kind) {
        return kind == null ? null : kind.wire();
    }

    @Override
    public DocumentKind convertToEntityAttribute(String value) {
        return value == null ? null : DocumentKind.fromWire(value);
    }
}
