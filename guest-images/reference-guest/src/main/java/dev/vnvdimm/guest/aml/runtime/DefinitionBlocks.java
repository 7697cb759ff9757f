package dev.vnvdimm.guest.aml.runtime;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The tables an interpreter knows, in the order it learnt of them — the definition blocks it loaded, at boot or by
 * AML's Load and LoadTable, and the tables installed only so that LoadTable can find them — as ACPICA keeps its root
 * table list. Loading is guarded by the interpreter lock.
 */
public final class DefinitionBlocks {
    /** The largest table Load reads from a region: a crafted length must not exhaust the heap. */
    public static final int MAX_TABLE_LENGTH = 16 << 20;

    private final Interpreter interp;
    private final TermParser parser;
    private final List<AmlTable> known = new CopyOnWriteArrayList<>();

    DefinitionBlocks(Interpreter interp, TermParser parser) {
        this.interp = interp;
        this.parser = parser;
    }

    /** Makes {@code t} known (not loaded) unless a table with its bytes already is. */
    void install(AmlTable t) {
        if (same(t) == null) {
            known.add(t);
        }
    }

    /** The known table with the same bytes, or null. */
    private AmlTable same(AmlTable t) {
        for (AmlTable k : known) {
            if (Arrays.equals(k.bytes, t.bytes)) {
                return k;
            }
        }
        return null;
    }

    /**
     * The table to load for {@code t}: {@code t} itself, now known, or the known table with its bytes. A table that
     * is loaded already is refused with {@code AE_ALREADY_EXISTS}, as ACPICA refuses it.
     */
    AmlTable register(AmlTable t) {
        AmlTable k = same(t);
        if (k == null) {
            known.add(t);
            return t;
        }
        if (k.loaded) {
            throw new AmlException("AE_ALREADY_EXISTS", k.label() + " is already loaded");
        }
        return k;
    }

    /**
     * Loads a known definition block into the namespace, its names relative to {@code scope} (the root but for
     * LoadTable's RootPath), running its module-level code. Should the table not decode, every object it created is
     * removed again (as ACPICA deletes a failed table's objects by their owner) and the error is thrown.
     */
    void load(AmlTable t, NamespaceNode scope) {
        try {
            parser.loadTable(interp, t, scope);
        } catch (AmlException | StackOverflowError e) {
            interp.namespace.removeOwnedBy(t);
            throw e;
        }
        t.loaded = true;
    }

    /** Takes a loaded table's objects out of the namespace again; it stays known, and can be loaded again. */
    public void unload(AmlTable t) {
        interp.namespace.removeOwnedBy(t);
        t.loaded = false;
    }

    /**
     * The first known table with this signature and, where they are not empty, this OEM ID and OEM Table ID (each
     * compared with its header field padded with NULs), as ACPICA finds LoadTable's table; null if there is none.
     */
    public AmlTable find(String signature, String oemId, String oemTableId) {
        for (AmlTable t : known) {
            if (t.signature.equals(signature) && (oemId.isEmpty() || t.headerFieldIs(AmlTable.OEM_ID, oemId))
                    && (oemTableId.isEmpty() || t.headerFieldIs(AmlTable.OEM_TABLE_ID, oemTableId))) {
                return t;
            }
        }
        return null;
    }

    /**
     * AML's Load (ACPI 6.4 §19.6, Load) of the table in {@code bytes}, read from a Buffer, a field or a region: the
     * header's length must fit what was read, the checksum must be right (unless the options say not to check), and
     * the table must not be loaded already. Any signature is accepted, as ACPICA accepts it. The table is loaded at the
     * namespace root (as ACPICA does, for compatibility with other OSes, though the spec says relative to the current
     * scope).
     */
    public void loadFromAml(byte[] bytes, Node at) {
        if (bytes.length < AmlTable.HEADER_SIZE) {
            throw at.error("AE_INVALID_TABLE_LENGTH", "Load: " + bytes.length + " bytes hold no table header");
        }
        long length = AmlTable.headerLength(bytes);
        if (length > bytes.length) {
            throw at.error("AE_AML_BUFFER_LIMIT", "Load: the table header says " + length + " bytes, the source has "
                    + bytes.length);
        }
        if (length < AmlTable.HEADER_SIZE) {
            throw at.error("AE_INVALID_TABLE_LENGTH", "Load: table length " + length + " is shorter than its header");
        }
        AmlTable t = new AmlTable(Arrays.copyOf(bytes, (int) length));
        if (interp.options.verifyChecksums() && !t.checksumOk()) {
            throw at.error("AE_BAD_CHECKSUM", "Load: " + t.label() + " checksum is wrong");
        }
        try {
            load(register(t), interp.namespace.root());
        } catch (AmlException e) {
            throw e.locate(at);
        }
    }

    /**
     * AML's LoadTable (ACPI 6.4 §19.6, LoadTable) of {@code t}, which {@link #find} found: its names are loaded
     * relative to {@code scope}; a table that is loaded already is refused with {@code AE_ALREADY_EXISTS}.
     */
    public void loadTableFromAml(AmlTable t, NamespaceNode scope, Node at) {
        if (t.loaded) {
            throw at.error("AE_ALREADY_EXISTS", "LoadTable: " + t.label() + " is already loaded");
        }
        try {
            load(t, scope);
        } catch (AmlException e) {
            throw e.locate(at);
        }
    }
}
