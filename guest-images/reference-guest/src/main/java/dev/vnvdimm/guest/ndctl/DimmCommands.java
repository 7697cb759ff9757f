package dev.vnvdimm.guest.ndctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vnvdimm.guest.labels.LabelAreaException;
import dev.vnvdimm.guest.labels.LabelStorageArea;
import dev.vnvdimm.guest.labels.LabelVersion;
import dev.vnvdimm.guest.labels.NdctlJson;
import dev.vnvdimm.guest.ndctl.CommandLineOptions.Spec;
import dev.vnvdimm.guest.nvdimm.DsmException;
import dev.vnvdimm.guest.nvdimm.Nmem;
import dev.vnvdimm.guest.nvdimm.NvdimmBus;
import dev.vnvdimm.guest.nvdimm.Region;
import dev.vnvdimm.guest.platform.HostFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * ndctl's DIMM commands, on each named DIMM's label storage area: {@code read-labels} (hex dump, {@code -j} JSON,
 * or {@code -o FILE}), {@code write-labels -i FILE}, {@code init-labels}, {@code zero-labels} and
 * {@code check-labels}. Writes need the DIMM's region disabled, as in Linux. FILEs are host files, relative to
 * the guest's working directory.
 */
final class DimmCommands {
    private static final List<Spec> READ_LABELS = List.of(new Spec('j', "json", false), new Spec('o', "output", true),
            new Spec('O', "offset", true), new Spec('s', "size", true), new Spec('b', "bus", true),
            new Spec('v', "verbose", false), new Spec('u', "human", false));
    private static final List<Spec> WRITE_LABELS = List.of(new Spec('i', "input", true), new Spec('b', "bus", true),
            new Spec('v', "verbose", false));
    /** init-labels' options, which zero-labels and check-labels take too. */
    private static final List<Spec> INIT_LABELS = List.of(new Spec('f', "force", false),
            new Spec('V', "label-version", true), new Spec('b', "bus", true), new Spec('v', "verbose", false));

    private final NvdimmBus bus;
    private final HostFiles files;
    private final Path workingDirectory;

    DimmCommands(NvdimmBus bus, HostFiles files, Path workingDirectory) {
        this.bus = bus;
        this.files = files;
        this.workingDirectory = workingDirectory;
    }

    CommandResult readLabels(List<String> args) {
        CommandLineOptions o = CommandLineOptions.parse(args, READ_LABELS);
        List<Nmem> targets = dimms(o);
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        int done = 0;
        ObjectMapper m = new ObjectMapper();
        List<JsonNode> jsons = new ArrayList<>();
        for (Nmem n : targets) {
            Optional<LabelStorageArea> area = n.labels();
            if (area.isEmpty()) {
                continue;
            }
            try {
                if (o.flag("json")) {
                    jsons.add(NdctlJson.readLabels(n.dev(), area.get().dump()));
                } else {
                    int offset = (int) o.value("offset").map(CommandLineOptions::parseSize).orElse(0L).longValue();
                    int size = (int) o.value("size").map(CommandLineOptions::parseSize)
                            .orElse((long) area.get().size() - offset).longValue();
                    byte[] bytes = area.get().read(offset, size);
                    if (o.value("output").isPresent()) {
                        files.writeAll(resolve(o.value("output").get()), bytes);
                    } else {
                        out.append(Hexdump.of(bytes, offset));
                    }
                }
                done++;
            } catch (DsmException | LabelAreaException | IOException e) {
                err.append(n.dev()).append(": failed to read labels: ").append(e.getMessage()).append('\n');
            }
        }
        if (!jsons.isEmpty()) {
            // ndctl prints a lone DIMM bare only to a terminal; a guest console captures its stdout
            JsonNode j = m.valueToTree(jsons);
            out.append(NdctlJson.print(j)).append('\n');
        }
        err.append(Summary.of("read", done, "nmem"));
        return new CommandResult(done == targets.size() && done > 0 ? 0 : 1, out.toString(), err.toString());
    }

    CommandResult writeLabels(List<String> args) {
        CommandLineOptions o = CommandLineOptions.parse(args, WRITE_LABELS);
        return labelWrite(dimms(o), "wrote", (n, area) -> {
            // ndctl 76.1 takes what the input holds up to the area's size, over the area's start: seen on Linux 6.1,
            // "wrote 1 nmem" for /dev/zero and for files shorter and longer than the area
            byte[] image = readUpTo(resolve(o.value("input")
                    .orElseThrow(() -> new CommandLineOptions.UsageException("option `input' is required"))),
                    area.size());
            if (image.length > 0) {
                area.write(0, image);
            }
        });
    }

    /** Up to {@code max} bytes from the start of {@code file}; a device such as {@code /dev/zero} never ends. */
    private byte[] readUpTo(Path file, int max) throws IOException {
        byte[] image = new byte[max];
        byte[] chunk = new byte[max];
        int total = 0;
        while (total < max) {
            int n = files.read(file, total, chunk, max - total);
            if (n <= 0) {
                break;
            }
            System.arraycopy(chunk, 0, image, total, n);
            total += n;
        }
        return Arrays.copyOf(image, total);
    }

    CommandResult initLabels(List<String> args) {
        CommandLineOptions o = CommandLineOptions.parse(args, INIT_LABELS);
        LabelVersion version = LabelVersion.parse(o.value("label-version").orElse("1.1"));
        boolean force = o.flag("force");
        return labelWrite(dimms(o), "initialized", (n, area) -> {
            if (!force && area.detect().valid()) {
                throw new AlreadyInitialized();
            }
            area.initLabels(version, true);
        });
    }

    CommandResult zeroLabels(List<String> args) {
        CommandLineOptions o = CommandLineOptions.parse(args, INIT_LABELS);
        return labelWrite(dimms(o), "zeroed", (n, area) -> area.zeroLabels());
    }

    /** A label write on each DIMM: refused while its region is active, counted when done. */
    private CommandResult labelWrite(List<Nmem> targets, String verb, LabelAction action) {
        StringBuilder err = new StringBuilder();
        int done = 0;
        for (Nmem n : targets) {
            Optional<LabelStorageArea> area = n.labelsThroughIoctl();
            if (area.isEmpty()) {
                continue;
            }
            if (bus.regionOf(n).map(Region::enabled).orElse(false)) {
                err.append(n.dev()).append(": regions active, abort label write\n");
                continue;
            }
            try {
                action.apply(n, area.get());
                done++;
            } catch (AlreadyInitialized e) {
                err.append(n.dev()).append(": error: labels already initialized\n");
            } catch (DsmException | LabelAreaException | IOException e) {
                err.append(n.dev()).append(": failed: ").append(e.getMessage()).append('\n');
            }
        }
        err.append(Summary.of(verb, done, "nmem"));
        return new CommandResult(done == targets.size() && done > 0 ? 0 : 1, "", err.toString());
    }

    CommandResult checkLabels(List<String> args) {
        CommandLineOptions o = CommandLineOptions.parse(args, INIT_LABELS);
        List<Nmem> targets = dimms(o);
        StringBuilder err = new StringBuilder();
        int ok = 0;
        for (Nmem n : targets) {
            Optional<LabelStorageArea> area = n.labels();
            if (area.isEmpty()) {
                continue;
            }
            try {
                var report = area.get().checkLabels();
                if (report.ok()) {
                    ok++;
                } else if (o.flag("verbose")) {
                    report.messages().forEach(msg -> err.append(n.dev()).append(": ").append(msg).append('\n'));
                }
            } catch (DsmException | LabelAreaException e) {
                err.append(n.dev()).append(": ").append(e.getMessage()).append('\n');
            }
        }
        err.append(Summary.of("successfully verified", ok, "nmem label"));
        return new CommandResult(ok == targets.size() && ok > 0 ? 0 : 1, "", err.toString());
    }

    /** The DIMMs the positional arguments name: {@code nmemN}, {@code N} or {@code all}. */
    private List<Nmem> dimms(CommandLineOptions o) {
        if (o.positional().isEmpty()) {
            throw new CommandLineOptions.UsageException("at least one nmem must be specified");
        }
        List<Nmem> out = new ArrayList<>();
        for (String name : o.positional()) {
            if (name.equals("all")) {
                out.addAll(bus.nmems());
            } else {
                String dev = name.matches("\\d+") ? "nmem" + name : name;
                bus.nmem(dev).ifPresent(out::add);
            }
        }
        return out;
    }

    private Path resolve(String file) {
        return workingDirectory.resolve(file);
    }

    @FunctionalInterface
    private interface LabelAction {
        void apply(Nmem n, LabelStorageArea area) throws IOException;
    }

    private static final class AlreadyInitialized extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }
}
