package dev.pinion.server.configfiles;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * Numbers written as Go writes them. Integers are always written exactly (spec README decision: keep
 * integer precision, where Wings passes them through doubles); real fractions use Go's float formats.
 */
final class GoNumbers {
    private GoNumbers() {}

    /** encoding/json's float64 format. */
    static String json(JsonNode number) {
        if (number.isIntegralNumber()) {
            return number.bigIntegerValue().toString();
        }
        double d = number.doubleValue();
        double abs = Math.abs(d);
        if (abs != 0 && (abs < 1e-6 || abs >= 1e21)) {
            // Go cleans e-09 up to e-9.
            return exponent(d).replaceFirst("e-0(\\d)$", "e-$1");
        }
        return shortest(d).toPlainString();
    }

    /** yaml.v3's float64 format: strconv 'g' with the shortest digits. */
    static String yaml(JsonNode number) {
        if (number.isIntegralNumber()) {
            return number.bigIntegerValue().toString();
        }
        double d = number.doubleValue();
        if (Double.isNaN(d)) {
            return ".nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? ".inf" : "-.inf";
        }
        if (d == 0) {
            return "0";
        }
        BigDecimal s = shortest(d);
        int exp = s.precision() - s.scale() - 1;
        if (exp < -4 || exp >= 6) {
            return exponent(d);
        }
        return s.toPlainString();
    }

    private static BigDecimal shortest(double d) {
        // Double.toString gives the shortest decimal that round-trips (JDK 19+), as Go's -1 precision does.
        BigDecimal s = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        return s.signum() == 0 ? BigDecimal.ZERO : s;
    }

    /** Go's %e with shortest digits: d.ddde±XX, at least two exponent digits. */
    private static String exponent(double d) {
        BigDecimal s = shortest(d);
        String digits = s.unscaledValue().abs().toString();
        int exp = s.precision() - s.scale() - 1;
        StringBuilder out = new StringBuilder();
        if (s.signum() < 0) {
            out.append('-');
        }
        out.append(digits.charAt(0));
        if (digits.length() > 1) {
            out.append('.').append(digits, 1, digits.length());
        }
        out.append('e').append(exp < 0 ? '-' : '+');
        String e = Integer.toString(Math.abs(exp));
        if (e.length() < 2) {
            out.append('0');
        }
        return out.append(e).toString();
    }
}
