package dev.pinion.server.configfiles;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** Numbers are written as Go writes them, except that integers never lose digits (README decision). */
class GoNumbersTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void jsonFloatsUseGoEncodingJsonFormats() {
        // encoding/json: 'f' between 1e-6 and 1e21, else 'e' with e-7 (not e-07) and e+21.
        assertThat(GoNumbers.json(NODES.numberNode(1000.0))).isEqualTo("1000");
        assertThat(GoNumbers.json(NODES.numberNode(0.1))).isEqualTo("0.1");
        assertThat(GoNumbers.json(NODES.numberNode(1e21))).isEqualTo("1e+21");
        assertThat(GoNumbers.json(NODES.numberNode(1.5e-7))).isEqualTo("1.5e-7");
        assertThat(GoNumbers.json(NODES.numberNode(123456789.25))).isEqualTo("123456789.25");
    }

    @Test
    void yamlFloatsUseGoShortestGFormat() {
        // yaml.v3: strconv 'g' with shortest digits, exponent from 1e6 up or below 1e-4.
        assertThat(GoNumbers.yaml(NODES.numberNode(0.5))).isEqualTo("0.5");
        assertThat(GoNumbers.yaml(NODES.numberNode(100000.0))).isEqualTo("100000");
        assertThat(GoNumbers.yaml(NODES.numberNode(1234567.0))).isEqualTo("1.234567e+06");
        assertThat(GoNumbers.yaml(NODES.numberNode(0.00001))).isEqualTo("1e-05");
        assertThat(GoNumbers.yaml(NODES.numberNode(Double.POSITIVE_INFINITY))).isEqualTo(".inf");
    }

    @Test
    void integersKeepEveryDigitInBothFormats() {
        BigInteger big = new BigInteger("123456789012345678901234567890");
        assertThat(GoNumbers.json(NODES.numberNode(big))).isEqualTo("123456789012345678901234567890");
        assertThat(GoNumbers.yaml(NODES.numberNode(1234567890123456789L))).isEqualTo("1234567890123456789");
    }
}
