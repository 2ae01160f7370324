package io.specialist.serving.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelVersionTest {

    @Test
    void parsesDomainAtNumber() {
        ModelVersion v = ModelVersion.parse("legal@3");
        assertThat(v.domain()).isEqualTo("legal");
        assertThat(v.number()).isEqualTo(3);
        assertThat(v).hasToString("legal@3");
        assertThat(ModelVersion.parse("legal@10").isNewerThan(ModelVersion.parse("legal@9"))).isTrue();
        assertThat(ModelVersion.parse("legal@2").isNewerThan(null)).isTrue();
    }

    @Test
    void rejectsMalformedVersionsWithAClearMessage() {
        for (String bad : new String[] {"legal", "legal@", "legal@0", "@3", "le gal@3", "legal@x", "legal@-1", "legal@3@4"}) {
            assertThatThrownBy(() -> ModelVersion.parse(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("domain@N");
        }
    }

    @Test
    void modelRefIsADomainOrAVersion() {
        assertThat(ModelRef.parse("legal").version()).isNull();
        assertThat(ModelRef.parse("legal").domain()).isEqualTo("legal");
        assertThat(ModelRef.parse("legal@2").version()).isEqualTo(new ModelVersion("legal", 2));
        assertThatThrownBy(() -> ModelRef.parse(" ")).hasMessageContaining("'model' is required");
        assertThatThrownBy(() -> ModelRef.parse("a/b")).hasMessageContaining("neither a domain name");
    }
}
