package dev.vnvdimm.harness.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vnvdimm.abi.dsm.DsmHandles;
import dev.vnvdimm.abi.dsm.IntelDsm;
import dev.vnvdimm.abi.dsm.QemuReservedDsm;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The request generator: the same seed gives the same requests, and they lean where the handler's checks turn. */
class DsmRequestGeneratorTest {
    private static final int MANY = 20_000;
    private static final List<DsmRequestGenerator.Step> STEPS = DsmRequestGenerator.first(42, MANY);

    private static long count(Predicate<DsmRequestGenerator.Step> p) {
        return STEPS.stream().filter(p).count();
    }

    private static boolean labelTransfer(DsmRequestGenerator.Step s) {
        DsmRequest r = s.request();
        return HandleKind.of(s.machine(), r.handle()).labelled() && r.revision() == IntelDsm.REVISION_1
                && (r.function() == IntelDsm.GET_LABEL_DATA || r.function() == IntelDsm.SET_LABEL_DATA);
    }

    @Test
    void theSameSeedGivesTheSameRequestsAndAnotherSeedOthers() {
        assertThat(DsmRequestGenerator.first(42, MANY)).isEqualTo(STEPS);
        List<DsmRequestGenerator.Step> other = DsmRequestGenerator.first(43, MANY);
        assertThat(other).isNotEqualTo(STEPS);
        long alike = 0;
        for (int i = 0; i < MANY; i++) {
            alike += other.get(i).equals(STEPS.get(i)) ? 1 : 0;
        }
        assertThat(alike).as("requests in the same place in both sequences").isLessThan(MANY / 10);
    }

    @Test
    void everyMachineAndEveryKindOfHandleIsAsked() {
        Set<FuzzMachine> machines = new HashSet<>();
        Set<HandleKind> kinds = EnumSet.noneOf(HandleKind.class);
        STEPS.forEach(s -> {
            machines.add(s.machine());
            kinds.add(HandleKind.of(s.machine(), s.request().handle()));
        });
        assertThat(machines).containsExactlyInAnyOrderElementsOf(FuzzMachine.ALL);
        assertThat(kinds).containsExactlyInAnyOrder(HandleKind.values());
    }

    @Test
    void mostRequestsAreOnesTheHandlerTakesAndTheRestCoverTheRefusals() {
        long revision1 = count(s -> s.request().revision() == IntelDsm.REVISION_1);
        assertThat(revision1).as("revision 1").isBetween(MANY * 85L / 100, MANY * 98L / 100);
        long toNvdimms = count(s -> s.machine().nvdimm(s.request().handle()).isPresent());
        assertThat(toNvdimms).as("to a plugged NVDIMM").isGreaterThan(MANY / 2);
        assertThat(count(s -> s.request().handle() == DsmHandles.ROOT)).as("to the root").isGreaterThan(MANY / 50);
        long readFit = count(s -> s.request().handle() == DsmHandles.QEMU_RESERVED_ROOT
                && s.request().function() == QemuReservedDsm.READ_FIT);
        assertThat(readFit).as("Read FIT").isGreaterThan(MANY / 20);
        long otherFunctions = count(s -> Integer.toUnsignedLong(s.request().function()) > IntelDsm.SET_LABEL_DATA);
        assertThat(otherFunctions).as("functions no interface has").isBetween(MANY / 50L, MANY / 5L);
    }

    @Test
    void labelTransfersLeanTowardsTheEdgesOfTheAreaAndOfTheLargestTransfer() {
        long transfers = count(DsmRequestGeneratorTest::labelTransfer);
        assertThat(transfers).as("label reads and writes to labelled NVDIMMs").isGreaterThan(MANY / 5);
        long area = FuzzMachine.LABEL_AREA;
        int max = IntelDsm.MAX_LABEL_TRANSFER;
        long atEnd = count(s -> labelTransfer(s) && s.request().labelOffset() + s.request().labelLength() == area);
        long pastEnd = count(s -> labelTransfer(s) && s.request().labelOffset() + s.request().labelLength() == area + 1);
        long largest = count(s -> labelTransfer(s) && s.request().labelLength() == max);
        long oneMore = count(s -> labelTransfer(s) && s.request().labelLength() == max + 1);
        long overflow = count(s -> labelTransfer(s)
                && s.request().labelOffset() + s.request().labelLength() > 0xFFFF_FFFFL);
        long fits = count(s -> labelTransfer(s) && s.request().labelLength() > 0 && s.request().labelLength() <= max
                && s.request().labelOffset() + s.request().labelLength() <= area);
        // each edge far more often than a uniform draw of offset and length would give (about never)
        for (long edge : new long[] {atEnd, pastEnd, largest, oneMore, overflow}) {
            assertThat(edge).as("requests at one edge").isGreaterThan(transfers / 100);
        }
        assertThat(fits).as("transfers the handler carries out").isGreaterThan(transfers / 3);
        long zero = count(s -> labelTransfer(s) && s.request().labelLength() == 0);
        assertThat(zero).as("zero lengths, which QEMU dies on").isPositive().isLessThan(transfers / 20);
    }

    @Test
    void writesCarryDataAndSometimesMoreWordsThanTheLengthCovers() {
        List<DsmRequest> writes = STEPS.stream().filter(DsmRequestGeneratorTest::labelTransfer)
                .map(DsmRequestGenerator.Step::request).filter(r -> r.function() == IntelDsm.SET_LABEL_DATA).toList();
        assertThat(writes.stream().filter(r -> r.arguments().size() > 2)).as("writes with data").isNotEmpty();
        assertThat(writes.stream().filter(r -> (r.arguments().size() - 2) * 4L > r.labelLength()))
                .as("writes whose data words go past their length").isNotEmpty();
    }

    @Test
    void readFitOffsetsIncludeTheStartAndTheEndOfEachMachinesFit() {
        Set<Long> offsets = new HashSet<>();
        Set<Boolean> atEnd = new HashSet<>();
        STEPS.stream().filter(s -> s.request().handle() == DsmHandles.QEMU_RESERVED_ROOT
                && s.request().function() == QemuReservedDsm.READ_FIT).forEach(s -> {
                    offsets.add(s.request().argument(0));
                    atEnd.add(s.request().argument(0) == s.machine().fitSize());
                });
        assertThat(offsets).contains(0L, 0xb8L, 0xb9L, 0x170L);
        assertThat(atEnd).contains(true);
    }
}
