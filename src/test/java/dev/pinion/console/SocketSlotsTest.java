package dev.pinion.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The console socket caps (spec README "WebSocket authentication deadline", "WebSocket limits"). */
class SocketSlotsTest {
    private final SocketSlots slots = new SocketSlots(3, 4, 2);

    @Test
    void aServerIsFullAtItsCapAndAReleasedSlotIsFreeAgain() {
        SocketSlots.Slot first = slots.take("s", "a").slot();
        slots.take("s", "b");
        slots.take("s", "c");
        assertThat(slots.take("s", "d").verdict()).isEqualTo(SocketSlots.Verdict.SERVER_FULL);
        first.release();
        assertThat(slots.take("s", "d").verdict()).isEqualTo(SocketSlots.Verdict.ADMITTED);
    }

    @Test
    void anAddressHoldsFewSocketsThatHaveNotAuthenticated() {
        SocketSlots.Slot first = slots.take("s1", "a").slot();
        slots.take("s2", "a");
        assertThat(slots.take("s3", "a").verdict()).isEqualTo(SocketSlots.Verdict.ADDRESS_FULL);
        first.authenticated();
        assertThat(slots.take("s3", "a").verdict()).isEqualTo(SocketSlots.Verdict.ADMITTED);
    }

    @Test
    void anAddressHoldsAtMostItsCapOfOpenSockets() {
        for (int i = 0; i < 4; i++) {
            slots.take("s" + i, "a").slot().authenticated();
        }
        assertThat(slots.countFrom("a")).isEqualTo(4);
        assertThat(slots.take("s9", "a").verdict()).isEqualTo(SocketSlots.Verdict.ADDRESS_FULL);
        assertThat(slots.take("s9", "b").verdict()).isEqualTo(SocketSlots.Verdict.ADMITTED);
    }

    @Test
    void releasingTwiceOrAuthenticatingAfterReleaseChangesNothing() {
        SocketSlots.Slot slot = slots.take("s", "a").slot();
        slot.release();
        slot.release();
        slot.authenticated();
        assertThat(slots.count("s")).isZero();
        assertThat(slots.countFrom("a")).isZero();
        slots.take("s", "a");
        slots.take("s", "a");
        assertThat(slots.take("s", "a").verdict())
                .as("both pending slots of the address are taken again")
                .isEqualTo(SocketSlots.Verdict.ADDRESS_FULL);
    }

    @Test
    void aPeerThatAnsweredNothingSinceThePreviousPingIsDead() {
        Liveness liveness = new Liveness();
        assertThat(liveness.tick()).isTrue();
        liveness.heard();
        assertThat(liveness.tick()).isTrue();
        assertThat(liveness.tick()).isFalse();
    }
}
