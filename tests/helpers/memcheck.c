// SPDX-License-Identifier: GPL-2.0
/*
 * memcheck: write a pattern to memory, read it back, and say where it lived.
 *
 *   memcheck devdax PATH SIZE
 *	mmap SIZE bytes of a device-dax node, write a pattern, unmap, map it
 *	again and verify it (the data went to the device, not a cache of ours).
 *   memcheck preset PATH SIZE BASE
 *	map SIZE bytes of a device-dax node whose memory starts at physical
 *	address BASE and verify, without writing, the pattern cxl_test's
 *	ram_window= mode leaves there: each 8-byte word holds its physical
 *	address XOR PRESET_MAGIC. Data from before the device existed.
 *   memcheck anon SIZE [START END]
 *	mmap SIZE bytes of anonymous memory (placed by the caller's NUMA policy,
 *	e.g. under numactl), write and verify a pattern; with START/END, count
 *	the pages whose physical address lies in [START, END] (/proc/self/pagemap).
 *
 * Sizes and addresses accept 0x, K, M and G. Prints one "key=value" line;
 * exits 0 only when every byte read back as written.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static uint64_t parse_size(const char *s)
{
	char *end;
	uint64_t v = strtoull(s, &end, 0);

	switch (*end) {
	case 'G': v <<= 10; /* fall through */
	case 'M': v <<= 10; /* fall through */
	case 'K': v <<= 10; break;
	case '\0': break;
	default:
		fprintf(stderr, "memcheck: bad size '%s'\n", s);
		exit(2);
	}
	return v;
}

/* Shared with tools/testing/cxl/test/cxl.c (the ram_window fill). */
#define PRESET_MAGIC 0x63786c2d68646d00ULL

/* A value no other word of the range has, and that differs per run. */
static uint64_t word(uint64_t seed, uint64_t i)
{
	return (i * 0x9e3779b97f4a7c15ULL) ^ seed;
}

static void fill(uint64_t *p, uint64_t words, uint64_t seed)
{
	for (uint64_t i = 0; i < words; i++)
		p[i] = word(seed, i);
}

static uint64_t verify(const uint64_t *p, uint64_t words, uint64_t seed)
{
	uint64_t bad = 0;

	for (uint64_t i = 0; i < words; i++)
		if (p[i] != word(seed, i))
			bad++;
	return bad;
}

static void *map(int fd, uint64_t size, int flags)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, flags, fd, 0);

	if (p == MAP_FAILED) {
		fprintf(stderr, "memcheck: mmap: %s\n", strerror(errno));
		exit(1);
	}
	return p;
}

static int devdax(const char *path, uint64_t size)
{
	uint64_t seed = (uint64_t)getpid() << 32 | 0xdacULL, bad;
	int fd = open(path, O_RDWR);
	void *p;

	if (fd < 0) {
		fprintf(stderr, "memcheck: %s: %s\n", path, strerror(errno));
		return 1;
	}
	p = map(fd, size, MAP_SHARED);
	fill(p, size / 8, seed);
	munmap(p, size);
	p = map(fd, size, MAP_SHARED);
	bad = verify(p, size / 8, seed);
	printf("bytes=%llu bad_words=%llu\n", (unsigned long long)size,
	       (unsigned long long)bad);
	return bad != 0;
}

static int preset(const char *path, uint64_t size, uint64_t base)
{
	int fd = open(path, O_RDONLY);
	const uint64_t *p;
	uint64_t bad = 0;

	if (fd < 0) {
		fprintf(stderr, "memcheck: %s: %s\n", path, strerror(errno));
		return 1;
	}
	p = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		fprintf(stderr, "memcheck: mmap: %s\n", strerror(errno));
		return 1;
	}
	for (uint64_t i = 0; i < size / 8; i++)
		if (p[i] != ((base + 8 * i) ^ PRESET_MAGIC))
			bad++;
	printf("bytes=%llu bad_words=%llu\n", (unsigned long long)size,
	       (unsigned long long)bad);
	return bad != 0;
}

/* How many pages of [p, p + size) are backed by [start, end]. */
static uint64_t pages_in(void *p, uint64_t size, uint64_t start, uint64_t end)
{
	long psz = sysconf(_SC_PAGESIZE);
	uint64_t n = 0, entry;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (fd < 0) {
		perror("memcheck: pagemap");
		exit(1);
	}
	for (uint64_t off = 0; off < size; off += psz) {
		uint64_t vpn = ((uintptr_t)p + off) / psz, phys;

		if (pread(fd, &entry, 8, vpn * 8) != 8) {
			perror("memcheck: pagemap read");
			exit(1);
		}
		if (!(entry & (1ULL << 63)))
			continue;
		phys = (entry & ((1ULL << 55) - 1)) * psz;
		if (phys >= start && phys <= end)
			n++;
	}
	close(fd);
	return n;
}

static int anon(uint64_t size, int ranged, uint64_t start, uint64_t end)
{
	uint64_t seed = (uint64_t)getpid() << 32 | 0xa11ULL, bad, in = 0;
	void *p = map(-1, size, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE);

	fill(p, size / 8, seed);
	bad = verify(p, size / 8, seed);
	if (ranged)
		in = pages_in(p, size, start, end);
	printf("bytes=%llu bad_words=%llu pages_in_range=%llu\n",
	       (unsigned long long)size, (unsigned long long)bad,
	       (unsigned long long)in);
	return bad != 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "devdax"))
		return devdax(argv[2], parse_size(argv[3]));
	if (argc == 5 && !strcmp(argv[1], "preset"))
		return preset(argv[2], parse_size(argv[3]), parse_size(argv[4]));
	if (argc == 3 && !strcmp(argv[1], "anon"))
		return anon(parse_size(argv[2]), 0, 0, 0);
	if (argc == 5 && !strcmp(argv[1], "anon"))
		return anon(parse_size(argv[2]), 1, parse_size(argv[3]),
			    parse_size(argv[4]));
	fprintf(stderr, "usage: memcheck devdax PATH SIZE | preset PATH SIZE BASE |\n"
		"       anon SIZE [START END]\n");
	return 2;
}
