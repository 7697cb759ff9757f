package dev.vnvdimm.harness.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnvdimm.abi.acpi.Nfit;
import dev.vnvdimm.abi.acpi.NfitNvdimm;
import dev.vnvdimm.abi.acpi.NvdimmPersistence;
import dev.vnvdimm.abi.dsm.DsmHandles;
import dev.vnvdimm.abi.dsm.DsmPage;
import dev.vnvdimm.abi.dsm.QemuReservedDsm;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The one tolerated difference: a Read FIT chunk of the same FIT with its NVDIMMs in another order. Any other
 * difference in it still counts.
 */
class FitOrderTest {
    private static final NfitNvdimm SLOT_0 = new NfitNvdimm(0, 0x100000000L, 64 << 20, 0, false);
    private static final NfitNvdimm SLOT_2 = new NfitNvdimm(2, 0x108000000L, 128 << 20, 0, true);
    private static final byte[] SLOT_ORDER = Nfit.fit(List.of(SLOT_0, SLOT_2), Optional.empty());
    private static final byte[] OTHER_ORDER = Nfit.fit(List.of(SLOT_2, SLOT_0), Optional.empty());

    /** Read FIT's reply carrying {@code fit} from {@code offset}, as the handler writes it into the page. */
    private static DsmObservation reply(byte[] fit, int offset) {
        int n = Math.min(fit.length - offset, QemuReservedDsm.MAX_FIT_CHUNK);
        ByteBuffer page = ByteBuffer.allocate(DsmPage.SIZE).order(ByteOrder.LITTLE_ENDIAN);
        page.putInt(DsmPage.OUTPUT + QemuReservedDsm.FIT_DATA + n).putInt(0).put(fit, offset, n);
        return new DsmObservation.Answered(page.array(), Map.of());
    }

    private static DsmRequest readFit(int offset) {
        return DsmRequest.of(DsmHandles.QEMU_RESERVED_ROOT, 1, QemuReservedDsm.READ_FIT, offset);
    }

    @Test
    void theFitsTwoOrdersDifferAndBothAreOrdersOfTheSameNvdimms() {
        assertThat(OTHER_ORDER).isNotEqualTo(SLOT_ORDER);
        assertThat(FitOrder.orders(SLOT_ORDER)).hasSize(2).anyMatch(o -> Arrays.equals(o, OTHER_ORDER))
                .anyMatch(o -> Arrays.equals(o, SLOT_ORDER));
    }

    @Test
    void aWholeReadAndAChunkFromTheMiddleOfTheOtherOrderPass() {
        for (int offset : new int[] {0, 0x38, 0xb8, 0x100}) {
            assertThat(DsmDifference.between(reply(SLOT_ORDER, offset), reply(OTHER_ORDER, offset)))
                    .as("offset 0x%x differs as bytes", offset).isPresent();
            assertThat(FitOrder.sameFitInAnotherOrder(readFit(offset), reply(SLOT_ORDER, offset),
                    reply(OTHER_ORDER, offset), SLOT_ORDER)).as("offset 0x%x", offset).isTrue();
        }
    }

    @Test
    void aFitThatDiffersInItsBytesIsNotAnotherOrder() {
        byte[] wrong = OTHER_ORDER.clone();
        wrong[Nfit.SpaRange.RANGE_BASE] ^= 1;
        assertThat(FitOrder.sameFitInAnotherOrder(readFit(0), reply(SLOT_ORDER, 0), reply(wrong, 0), SLOT_ORDER))
                .isFalse();
    }

    @Test
    void onlyReadFitRequestsOfRevisionOneAreLookedAt() {
        DsmRequest query = DsmRequest.of(DsmHandles.QEMU_RESERVED_ROOT, 1, 0, 0);
        assertThat(FitOrder.sameFitInAnotherOrder(query, reply(SLOT_ORDER, 0), reply(OTHER_ORDER, 0), SLOT_ORDER))
                .isFalse();
        DsmRequest revision2 = DsmRequest.of(DsmHandles.QEMU_RESERVED_ROOT, 2, QemuReservedDsm.READ_FIT, 0);
        assertThat(FitOrder.sameFitInAnotherOrder(revision2, reply(SLOT_ORDER, 0), reply(OTHER_ORDER, 0),
                SLOT_ORDER)).isFalse();
    }

    @Test
    void platformCapabilitiesStayAtTheEndInEveryOrder() {
        byte[] withCaps = Nfit.fit(List.of(SLOT_0, SLOT_2), Optional.of(NvdimmPersistence.CPU));
        byte[] tail = Arrays.copyOfRange(withCaps, withCaps.length - Nfit.PlatformCapabilities.SIZE, withCaps.length);
        assertThat(FitOrder.orders(withCaps)).hasSize(2).allSatisfy(o -> assertThat(
                Arrays.copyOfRange(o, o.length - tail.length, o.length)).isEqualTo(tail));
    }
}
