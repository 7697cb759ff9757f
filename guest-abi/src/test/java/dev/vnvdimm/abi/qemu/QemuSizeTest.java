package dev.vnvdimm.abi.qemu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QemuSizeTest {

    @ParameterizedTest(name = "{0} = {1} bytes")
    @CsvSource({
        "256M, 268435456", "128K, 131072", "128k, 131072", "1G, 1073741824", "1T, 1099511627776",
        "4096, 4096", "0x1000, 4096", "1.5G, 1610612736", "2M, 2097152", "0, 0", "10B, 10"})
    void parsesQemuSizesInBytes(String text, long bytes) {
        assertThat(QemuSize.parse(text, 1)).hasValue(bytes);
    }

    @ParameterizedTest
    @CsvSource({"512, 536870912", "4G, 4294967296", "0x10, 16777216"})
    void dashMTakesMebibytesWithoutSuffix(String text, long bytes) {
        assertThat(QemuSize.parse(text, 1L << 20)).hasValue(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "big", "-1", "1Q", "16E", "1..5M", "0x"})
    void rejectsWhatIsNotASize(String text) {
        assertThat(QemuSize.parse(text, 1)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"268435456, 256M", "131072, 128K", "1536, 1536", "1099511627776, 1T"})
    void formatsAsACommandLineWould(long bytes, String text) {
        assertThat(QemuSize.format(bytes)).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource({"268435456, 256 MiB", "131072, 128 KiB", "1610612736, 1.5 GiB", "100, 100 B"})
    void formatsForPeople(long bytes, String text) {
        assertThat(QemuSize.human(bytes)).isEqualTo(text);
    }
}
