// SPDX-License-Identifier: GPL-2.0
/*
 * hotspots: several hot ranges of different sizes inside a large cold
 * mapping, for the dt_ptwalk tests and benchmark (virtual addresses).
 *
 * usage: hotspots TOTAL_MIB [--hot OFF_KIB:LEN_KIB[,...]] [--node N]
 *                 [--hot-node N] [--shm-maps K] [--flush-tlb]
 *                 [--pause-us U] [--seconds S] [--report FILE] [--churn]
 *
 * Maps TOTAL_MIB of anonymous memory (4 KiB pages: MADV_NOHUGEPAGE),
 * fills it with a pattern, then touches one word of every page of each hot
 * range per pass until SIGTERM or S seconds, checks the pattern and exits
 * 0 (3 if corrupted). --node N binds the whole mapping to node N (mbind),
 * --hot-node N only the hot ranges (bound before the fill).
 *
 * --shm-maps K: instead, one memfd of TOTAL_MIB / K mapped K times side by
 * side (MAP_SHARED|MAP_FIXED): an address space of TOTAL_MIB with every
 * PTE present backed by TOTAL_MIB / K of memory, for address spaces larger
 * than the VM. Hot ranges are then touched through their own addresses.
 *
 * --churn: lifecycle stress for the monitor: each pass also forks a child
 * that writes to the mapping (copy on write) and exits, munmaps and maps
 * again a 2 MiB piece of the cold part, and mremaps a scratch mapping to
 * another size. The pattern check skips the remapped piece.
 *
 * Report (FILE.tmp renamed to FILE after the fill):
 *   pid <pid>
 *   map <start> <end>            (hex, the whole mapping)
 *   hot <start> <end>            (hex, one line per hot range)
 *   ready
 *
 * --flush-tlb, --pause-us: as hotcold.c (TCG's software TLB hides
 * re-accesses from the accessed bit unless the process flushes it).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096UL
#define FLUSH_PAGES 64
#define MAX_HOT 16
#define MPOL_BIND_ 2
#define CHURN_LEN (2UL << 20)

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(void)
{
	fprintf(stderr, "usage: hotspots TOTAL_MIB [--hot OFF_KIB:LEN_KIB[,...]] "
		"[--node N] [--hot-node N] [--shm-maps K] [--flush-tlb] "
		"[--pause-us U] [--seconds S] [--report FILE] [--churn]\n");
	exit(2);
}

static unsigned long parse_ul(const char *s, char **endp)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || end == s || (!endp && *end))
		usage();
	if (endp)
		*endp = end;
	return v;
}

static inline uint64_t pattern(uint64_t off)
{
	uint64_t x = off * 0x9e3779b97f4a7c15ULL + 0x632be59bd9b4e019ULL;

	return x ^ (x >> 29);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void bind(char *p, unsigned long len, unsigned long node)
{
	unsigned long mask[16] = { 0 };

	mask[node / 64] |= 1UL << (node % 64);
	if (syscall(SYS_mbind, p, len, MPOL_BIND_, mask, 1024 + 1, 0)) {
		perror("hotspots: mbind");
		exit(1);
	}
}

int main(int argc, char **argv)
{
	unsigned long hot_off[MAX_HOT], hot_len[MAX_HOT], nhot = 0;
	unsigned long total, node = ~0UL, hot_node = ~0UL, shm = 0;
	unsigned long pause_us = 0, i, h, skip_lo = 0, skip_hi = 0;
	unsigned long long passes = 0;
	const char *report = NULL;
	int flush = 0, churn = 0, fd = -1;
	double seconds = 0, t_end;
	char *buf, *fl = NULL, *scratch = NULL;
	unsigned long scratch_len = PAGE;
	struct sigaction sa;
	uint64_t *w;

	if (argc < 2)
		usage();
	total = parse_ul(argv[1], NULL) << 20;
	for (i = 2; i < (unsigned long)argc; i++) {
		int more = i + 1 < (unsigned long)argc;

		if (!strcmp(argv[i], "--hot") && more) {
			char *s = argv[++i];

			while (*s) {
				if (nhot == MAX_HOT)
					usage();
				hot_off[nhot] = parse_ul(s, &s) << 10;
				if (*s++ != ':')
					usage();
				hot_len[nhot] = parse_ul(s, &s) << 10;
				nhot++;
				if (*s == ',')
					s++;
				else if (*s)
					usage();
			}
		} else if (!strcmp(argv[i], "--node") && more) {
			node = parse_ul(argv[++i], NULL);
		} else if (!strcmp(argv[i], "--hot-node") && more) {
			hot_node = parse_ul(argv[++i], NULL);
		} else if (!strcmp(argv[i], "--shm-maps") && more) {
			shm = parse_ul(argv[++i], NULL);
		} else if (!strcmp(argv[i], "--pause-us") && more) {
			pause_us = parse_ul(argv[++i], NULL);
		} else if (!strcmp(argv[i], "--seconds") && more) {
			seconds = parse_ul(argv[++i], NULL);
		} else if (!strcmp(argv[i], "--report") && more) {
			report = argv[++i];
		} else if (!strcmp(argv[i], "--flush-tlb")) {
			flush = 1;
		} else if (!strcmp(argv[i], "--churn")) {
			churn = 1;
		} else {
			usage();
		}
	}
	if (!total || (shm && (total % (shm * PAGE) || churn)) ||
	    (node != ~0UL && node >= 1024) || (hot_node != ~0UL && hot_node >= 1024))
		usage();
	for (h = 0; h < nhot; h++)
		if (!hot_len[h] || hot_off[h] % PAGE || hot_len[h] % PAGE ||
		    hot_off[h] + hot_len[h] > total)
			usage();

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	/* With --shm-maps only address space: no commit charge for it. */
	buf = mmap(NULL, total, shm ? PROT_NONE : PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | (shm ? MAP_NORESERVE : 0),
		   -1, 0);
	if (buf == MAP_FAILED) {
		perror("hotspots: mmap");
		return 1;
	}
	if (shm) {
		unsigned long part = total / shm;

		fd = memfd_create("hotspots", 0);
		if (fd < 0 || ftruncate(fd, part)) {
			perror("hotspots: memfd");
			return 1;
		}
		for (i = 0; i < shm; i++)
			if (mmap(buf + i * part, part, PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_FIXED, fd, 0) == MAP_FAILED) {
				perror("hotspots: mmap memfd");
				return 1;
			}
	} else if (madvise(buf, total, MADV_NOHUGEPAGE)) {
		perror("hotspots: madvise");
	}
	if (node != ~0UL)
		bind(buf, total, node);
	for (h = 0; h < nhot && hot_node != ~0UL; h++)
		bind(buf + hot_off[h], hot_len[h], hot_node);

	w = (uint64_t *)buf;
	if (shm) {
		/* Fill once, then fault in every other copy's PTEs. */
		for (i = 0; i < total / shm / 8; i++)
			w[i] = pattern(i);
		for (i = total / shm; i < total; i += PAGE)
			(void)*(volatile char *)(buf + i);
	} else {
		for (i = 0; i < total / 8; i++)
			w[i] = pattern(i);
	}
	if (churn) {
		/* The last 2 MiB of the mapping get unmapped and remapped. */
		skip_lo = total > CHURN_LEN ? total - CHURN_LEN : 0;
		skip_hi = total;
		scratch = mmap(NULL, scratch_len, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (scratch == MAP_FAILED) {
			perror("hotspots: mmap scratch");
			return 1;
		}
	}
	if (report) {
		char tmp[4096];
		FILE *f;

		snprintf(tmp, sizeof(tmp), "%s.tmp", report);
		f = fopen(tmp, "w");
		if (!f) {
			perror("hotspots: report");
			return 1;
		}
		fprintf(f, "pid %d\nmap %p %p\n", getpid(), (void *)buf,
			(void *)(buf + total));
		for (h = 0; h < nhot; h++)
			fprintf(f, "hot %p %p\n", (void *)(buf + hot_off[h]),
				(void *)(buf + hot_off[h] + hot_len[h]));
		fprintf(f, "ready\n");
		if (fclose(f) || rename(tmp, report)) {
			perror("hotspots: report");
			return 1;
		}
	}
	printf("hotspots: pid %d, %lu MiB, %lu hot ranges, filled\n", getpid(),
	       total >> 20, nhot);
	fflush(stdout);

	if (flush) {
		fl = mmap(NULL, FLUSH_PAGES * PAGE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
		if (fl == MAP_FAILED) {
			perror("hotspots: mmap");
			return 1;
		}
		memset(fl, 1, FLUSH_PAGES * PAGE);
	}
	t_end = seconds ? now() + seconds : 0;
	while (!stop) {
		unsigned long word = passes % (PAGE / 8);

		for (h = 0; h < nhot; h++) {
			volatile uint64_t *v = (uint64_t *)(buf + hot_off[h]) + word;

			for (i = 0; i < hot_len[h] / 8 && !stop; i += PAGE / 8)
				v[i] = v[i];
		}
		passes++;
		if (churn) {
			pid_t c = fork();
			char *p;

			if (c == 0) {
				/* Copy on write in the child, then exit. */
				for (i = 0; i < total / 8; i += PAGE / 8 * 64)
					w[i] = w[i];
				_exit(0);
			}
			if (c > 0)
				waitpid(c, NULL, 0);
			if (munmap(buf + skip_lo, skip_hi - skip_lo))
				perror("hotspots: munmap");
			p = mmap(buf + skip_lo, skip_hi - skip_lo,
				 PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
			if (p == MAP_FAILED) {
				perror("hotspots: mmap again");
				return 1;
			}
			memset(p, (int)passes, skip_hi - skip_lo);
			p = mremap(scratch, scratch_len,
				   scratch_len == PAGE ? 64 * PAGE : PAGE,
				   MREMAP_MAYMOVE);
			if (p == MAP_FAILED) {
				perror("hotspots: mremap");
				return 1;
			}
			scratch = p;
			scratch_len = scratch_len == PAGE ? 64 * PAGE : PAGE;
			memset(scratch, 1, scratch_len);
		}
		if (fl) {
			mprotect(fl, FLUSH_PAGES * PAGE, PROT_READ);
			mprotect(fl, FLUSH_PAGES * PAGE, PROT_READ | PROT_WRITE);
			fl[0]++;
		}
		if (pause_us)
			usleep(pause_us);
		if (t_end && now() >= t_end)
			break;
	}
	for (i = 0; i < (shm ? total / shm : total) / 8; i++) {
		if (i * 8 >= skip_lo && i * 8 < skip_hi)
			continue;
		if (w[i] != pattern(i)) {
			printf("hotspots: verify CORRUPTED at offset 0x%lx\n",
			       i * 8);
			return 3;
		}
	}
	printf("hotspots: verify ok (%llu passes)\n", passes);
	return 0;
}
