// SPDX-License-Identifier: GPL-2.0
/*
 * thpbuf: a 2 MiB-aligned buffer for the split/collapse tests.
 *
 * usage: thpbuf MIB thp|small|nohuge [--shmem FILE] [--hot-half]
 *              [--sparse-hot] [--usr2-prctl] --report FILE
 *
 * Maps MIB MiB (anonymous, or a file on a tmpfs with --shmem, mapped
 * shared), aligned to 2 MiB: "thp" lets the kernel back it with huge pages
 * (MADV_HUGEPAGE); "small" faults it in 4 KiB pages (MADV_NOHUGEPAGE while
 * filling, then the advice is dropped so MADV_COLLAPSE may act); "nohuge"
 * keeps MADV_NOHUGEPAGE, the advice that keeps huge pages away. Fills it
 * with a pattern, writes "start <hex>" and "ready" to the report, then with
 * --hot-half keeps touching the first half (the second half then gets
 * MADV_DONTFORK, which makes it a VMA of its own, so /proc/PID/smaps
 * reports each half separately). On SIGUSR1 it appends to the
 * report how many of its 4 KiB pages are backed by a THP in each half
 * ("thp_pages <first-half> <second-half>", from pagemap + kpageflags). On
 * SIGTERM it checks the pattern and exits 0 (intact) or 3 (corrupted).
 *
 * --sparse-hot keeps touching one 4 KiB page in every 2 MiB (every THP
 * stays accessed at THP granularity, almost all of its memory is cold).
 * On SIGUSR2 it applies the advice that keeps khugepaged away:
 * madvise(MADV_NOHUGEPAGE) on the whole buffer, reported as "nohuge <rc>",
 * or with --usr2-prctl prctl(PR_SET_THP_DISABLE), reported as
 * "thp_disable <rc>".
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <unistd.h>

#define MIB		(1UL << 20)
#define HPAGE		(2 * MIB)
#define KPF_THP		22

static volatile sig_atomic_t stop, stat_req, usr2_req;

static void on_term(int sig) { stop = 1; }
static void on_usr1(int sig) { stat_req = 1; }
static void on_usr2(int sig) { usr2_req = 1; }

static uint64_t pattern(size_t off) { return off * 0x9e3779b97f4a7c15ULL + 1; }

/* Count pages of [p, p + len) whose frame is part of a THP. */
static long thp_pages(const char *p, size_t len)
{
	int pm = open("/proc/self/pagemap", O_RDONLY);
	int kf = open("/proc/kpageflags", O_RDONLY);
	long n = 0;
	size_t off;

	if (pm < 0 || kf < 0)
		return -1;
	for (off = 0; off < len; off += 4096) {
		uint64_t ent, flags;
		off_t vpn = ((uintptr_t)p + off) / 4096;

		if (pread(pm, &ent, 8, vpn * 8) != 8 || !(ent >> 63))
			continue;
		if (pread(kf, &flags, 8, (ent & ((1ULL << 55) - 1)) * 8) != 8)
			continue;
		n += (flags >> KPF_THP) & 1;
	}
	close(pm);
	close(kf);
	return n;
}

int main(int argc, char **argv)
{
	const char *shmem = NULL, *report = NULL;
	int hot_half = 0, sparse_hot = 0, usr2_prctl = 0, small, nohuge, i, fd = -1;
	size_t len, off;
	char *raw, *p;
	FILE *f;

	if (argc < 3)
		return 2;
	len = strtoul(argv[1], NULL, 0) * MIB;
	nohuge = !strcmp(argv[2], "nohuge");
	small = nohuge || !strcmp(argv[2], "small");
	for (i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "--shmem") && i + 1 < argc)
			shmem = argv[++i];
		else if (!strcmp(argv[i], "--hot-half"))
			hot_half = 1;
		else if (!strcmp(argv[i], "--sparse-hot"))
			sparse_hot = 1;
		else if (!strcmp(argv[i], "--usr2-prctl"))
			usr2_prctl = 1;
		else if (!strcmp(argv[i], "--report") && i + 1 < argc)
			report = argv[++i];
		else
			return 2;
	}
	if (!len || !report)
		return 2;
	/* Reserve len + 2 MiB, then map at the first 2 MiB boundary. */
	raw = mmap(NULL, len + HPAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (raw == MAP_FAILED)
		return 1;
	p = (char *)(((uintptr_t)raw + HPAGE - 1) & ~(HPAGE - 1));
	if (shmem) {
		fd = open(shmem, O_RDWR | O_CREAT | O_TRUNC, 0600);
		if (fd < 0 || ftruncate(fd, len))
			return 1;
		p = mmap(p, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0);
	} else {
		p = mmap(p, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	}
	if (p == MAP_FAILED)
		return 1;
	madvise(p, len, small ? MADV_NOHUGEPAGE : MADV_HUGEPAGE);
	for (off = 0; off < len; off += 8)
		*(uint64_t *)(p + off) = pattern(off);
	if (small && !nohuge)
		madvise(p, len, MADV_HUGEPAGE);

	if (hot_half)
		madvise(p + len / 2, len / 2, MADV_DONTFORK);
	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	signal(SIGUSR1, on_usr1);
	signal(SIGUSR2, on_usr2);
	f = fopen(report, "w");
	if (!f)
		return 1;
	fprintf(f, "pid %d\nstart %lx\nready\n", getpid(), (unsigned long)p);
	fflush(f);

	for (off = 0; !stop; ) {
		if (stat_req) {
			stat_req = 0;
			fprintf(f, "thp_pages %ld %ld\n", thp_pages(p, len / 2),
				thp_pages(p + len / 2, len / 2));
			fflush(f);
		}
		if (usr2_req) {
			usr2_req = 0;
			if (usr2_prctl)
				fprintf(f, "thp_disable %d\n",
					prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0));
			else
				fprintf(f, "nohuge %d\n",
					madvise(p, len, MADV_NOHUGEPAGE));
			fflush(f);
		}
		if (sparse_hot) {
			/* One word of the first 4 KiB of every 2 MiB. */
			size_t o;

			for (o = 0; o < len; o += HPAGE)
				*(volatile uint64_t *)(p + o) = *(volatile uint64_t *)(p + o);
			usleep(1000);
		} else if (hot_half) {
			/* Read and rewrite one word of every hot 4 KiB page. */
			size_t o;

			for (o = off; o < len / 2; o += 4096)
				*(volatile uint64_t *)(p + o) = *(volatile uint64_t *)(p + o);
			off = (off + 8) % 4096;
		} else {
			usleep(20000);
		}
	}
	for (off = 0; off < len; off += 8) {
		if (*(uint64_t *)(p + off) != pattern(off)) {
			printf("verify CORRUPTED at offset %zu\n", off);
			return 3;
		}
	}
	printf("verify ok\n");
	return 0;
}
