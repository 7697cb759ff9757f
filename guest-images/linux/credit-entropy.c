/*
 * credit-entropy FILE: mixes FILE's 64 bytes into the guest kernel's random pool and credits them as entropy
 * (RNDADDENTROPY, random(4)), so the kernel's CRNG is ready from the start.
 *
 * Why: ndctl's first getrandom() (its JSON and UUID libraries seed themselves) blocks until the CRNG is
 * ready, and a quiet guest under TCG gets there only through the kernel's jitter-entropy loop: about 1.1 s of
 * system time in every machine's first ndctl command, and again in every machine restored from a state saved
 * before it. The seed is written from the build host's /dev/urandom when the image is built; this guest is a
 * test machine, its randomness is no secret.
 */
#include <fcntl.h>
#include <linux/random.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

int main(int argc, char **argv) {
    struct {
        struct rand_pool_info info;
        unsigned char bytes[64];
    } seed;
    if (argc != 2) {
        fprintf(stderr, "usage: credit-entropy FILE\n");
        return 2;
    }
    int in = open(argv[1], O_RDONLY);
    if (in < 0 || read(in, seed.bytes, sizeof seed.bytes) != (ssize_t) sizeof seed.bytes) {
        perror(argv[1]);
        return 1;
    }
    seed.info.entropy_count = 8 * sizeof seed.bytes; /* in bits */
    seed.info.buf_size = sizeof seed.bytes;
    int pool = open("/dev/urandom", O_WRONLY);
    if (pool < 0 || ioctl(pool, RNDADDENTROPY, &seed.info) != 0) {
        perror("RNDADDENTROPY");
        return 1;
    }
    return 0;
}
