/*
 * nvdimm-dsm: a raw _DSM call from a Linux guest, through the kernel's NVDIMM passthrough (ND_IOCTL_CALL on
 * /dev/nmemX, family Intel), with the same command line and output as the reference guest's nvdimm-dsm:
 *
 *   nvdimm-dsm nmemX --function N [--offset O --length L] [--data HEX] [--out BYTES] [--no-arg3]
 *
 * prints "status 0xS" and "data HEX" (the bytes after the status word). When the kernel refuses the call
 * before it reaches the hypervisor, it prints "kernel refused: ERRNO-TEXT" and exits 3, so a scenario can
 * record that the guest kernel filtered the case instead of pretending it reached the hypervisor.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/ndctl.h>

static int hexval(char c)
{
	if (c >= '0' && c <= '9') return c - '0';
	if (c >= 'a' && c <= 'f') return c - 'a' + 10;
	if (c >= 'A' && c <= 'F') return c - 'A' + 10;
	return -1;
}

static void usage(void)
{
	fprintf(stderr, "usage: nvdimm-dsm nmemX --function N [--offset O --length L] [--data HEX] [--out BYTES] "
		"[--no-arg3]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *dev = NULL, *data = NULL;
	long function = -1, offset = -1, length = -1, out = 4096;
	int noarg3 = 0;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--function") && v) { function = strtol(v, NULL, 0); i++; }
		else if (!strcmp(a, "--offset") && v) { offset = strtol(v, NULL, 0); i++; }
		else if (!strcmp(a, "--length") && v) { length = strtol(v, NULL, 0); i++; }
		else if (!strcmp(a, "--data") && v) { data = v; i++; }
		else if (!strcmp(a, "--out") && v) { out = strtol(v, NULL, 0); i++; }
		/* Linux always passes Arg3 (a package): the nearest to none is an empty input buffer, the default */
		else if (!strcmp(a, "--no-arg3")) noarg3 = 1;
		else if (a[0] != '-' && !dev) dev = a;
		else usage();
	}
	if (!dev || function < 0 || out < 4 || out > 65536 || (noarg3 && (data || offset >= 0 || length >= 0)))
		usage();
	size_t datalen = data ? strlen(data) / 2 : 0;
	size_t in = datalen + ((offset >= 0 || length >= 0) ? 8 : 0);
	struct nd_cmd_pkg *pkg = calloc(1, sizeof(*pkg) + in + out);
	if (!pkg) return 1;
	pkg->nd_family = NVDIMM_FAMILY_INTEL;
	pkg->nd_command = function;
	pkg->nd_size_in = in;
	pkg->nd_size_out = out;
	unsigned char *p = pkg->nd_payload;
	if (offset >= 0 || length >= 0) {
		uint32_t o = offset < 0 ? 0 : offset, l = length < 0 ? datalen : length;
		memcpy(p, &o, 4); memcpy(p + 4, &l, 4); /* little-endian guests only: x86 */
		p += 8;
	}
	for (size_t k = 0; k < datalen; k++) {
		int hi = hexval(data[2 * k]), lo = hexval(data[2 * k + 1]);
		if (hi < 0 || lo < 0) { fprintf(stderr, "nvdimm-dsm: bad hex data\n"); return 2; }
		p[k] = hi << 4 | lo;
	}
	char path[64];
	snprintf(path, sizeof(path), "/dev/%s", dev);
	int fd = open(path, O_RDWR);
	if (fd < 0) { fprintf(stderr, "nvdimm-dsm: %s: %s\n", path, strerror(errno)); return 1; }
	if (ioctl(fd, ND_IOCTL_CALL, pkg) < 0) {
		printf("kernel refused: %s\n", strerror(errno));
		return 3;
	}
	unsigned char *o = pkg->nd_payload + in;
	size_t got = pkg->nd_fw_size && pkg->nd_fw_size < (uint32_t) out ? pkg->nd_fw_size : (size_t) out;
	uint32_t status;
	memcpy(&status, o, 4);
	printf("status 0x%x\ndata ", status);
	for (size_t k = 4; k < got; k++) printf("%02x", o[k]);
	printf("\n");
	return 0;
}
