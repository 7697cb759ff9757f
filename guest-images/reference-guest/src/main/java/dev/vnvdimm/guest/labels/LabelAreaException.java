package dev.vnvdimm.guest.labels;

/** A label operation that cannot be done on the area as it is (no valid index, no space, no free slot, …). */
public class LabelAreaException extends RuntimeException {

    public LabelAreaException(String message) {
        super(message);
    }
}
