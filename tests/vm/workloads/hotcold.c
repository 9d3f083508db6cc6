// SPDX-License-Identifier: GPL-2.0
/*
 * hotcold: a buffer with a hot part touched all the time and a cold part
 * never touched after it is filled. The VM tests monitor it.
 *
 * usage: hotcold TOTAL_MIB HOT_MIB [--node N] [--seconds S] [--report FILE]
 *                [--thp] [--flush-tlb] [--pause-us U] [--corrupt]
 *                [--unbind]
 *
 * mmap()s TOTAL_MIB of anonymous memory (MADV_NOHUGEPAGE: 4 KiB pages,
 * unless --thp), binds it to node N (mbind MPOL_BIND) if asked, fills it
 * (cold part first) with a pattern derived from each word's offset, then
 * writes the report
 * (after the fill, written to FILE.tmp and renamed, so a reader never sees
 * half of it):
 *   pid <pid>
 *   hot_virt <start> <end>          (virtual, hex)
 *   hot <start> <end>               (physical runs of the hot part, hex,
 *   cold <start> <end>               end exclusive, one line per run)
 *   hot_pages <n> / cold_pages <n>  (pages whose frame pagemap gave)
 *   hot_node<N> <pages> / cold_node<N> <pages> (move_pages(2) query)
 *   ready
 * and loops over the hot part (the first HOT_MIB): each pass reads and
 * rewrites with its own value (so the pattern stays intact) one word of
 * every hot page, the next word on the next pass, until SIGTERM/SIGINT or
 * S seconds. It then checks the whole
 * buffer against the pattern and exits 0 if intact, 3 if not (prints
 * "verify ok" / "verify CORRUPTED at offset X"); 2 on a usage error, 1 on
 * any other failure. --corrupt flips a bit before the check (a test of
 * the check itself). Physical addresses need root (pagemap hides them
 * otherwise: the report then says "pfn_hidden").
 *
 * --flush-tlb: after every pass, flush this process's TLB (an mprotect()
 * of 64 pages, above the kernel's 33-page single-flush ceiling, makes it
 * reload CR3). Needed under QEMU TCG only: x86 sets a PTE's accessed bit
 * when it fills a TLB entry, and DAMON clears the bit without a flush;
 * a real TLB holds a few thousand entries, so a hot set larger than that
 * keeps refilling them and the bit comes back within microseconds, but
 * TCG's software TLB holds millions and is only flushed on a CR3 write,
 * so on a vCPU that never switches address spaces a hot page would look
 * idle forever.
 *
 * --pause-us U: sleep U microseconds after every pass (a pass touches each
 * hot page once), so the workload leaves CPU time to the monitor and, in
 * a VM with -icount sleep=off, lets virtual time skip ahead.
 *
 * --unbind: after the fill, drop the node binding (mbind MPOL_DEFAULT):
 * the pages stay where they are, but the task's default policy applies
 * again, so NUMA balancing scans the buffer and may move it (it skips a
 * VMA bound with plain MPOL_BIND).
 *
 * Pages do not move during the run unless something migrates them
 * (NUMA balancing, DAMOS): the report is a snapshot taken after the fill.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096UL
#define FLUSH_PAGES 64
#define MPOL_DEFAULT_ 0
#define MPOL_BIND_ 2
#define MPOL_F_STATIC_NODES_ 0

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(void)
{
	fprintf(stderr, "usage: hotcold TOTAL_MIB HOT_MIB [--node N] "
		"[--seconds S] [--report FILE] [--thp] [--flush-tlb] "
		"[--pause-us U] [--corrupt] [--unbind]\n");
	exit(2);
}

static unsigned long parse_ul(const char *s)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (errno || end == s || *end)
		usage();
	return v;
}

/* The pattern: a mix of the word's offset, never 0 for a touched page. */
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

/* Physical frame of each page of [buf, buf+len) from /proc/self/pagemap. */
static int read_pfns(const char *buf, unsigned long npages, uint64_t *pfn)
{
	int fd = open("/proc/self/pagemap", O_RDONLY);
	unsigned long i = 0;

	if (fd < 0)
		return -1;
	while (i < npages) {
		unsigned long n = npages - i > 4096 ? 4096 : npages - i;
		off_t off = (off_t)((uintptr_t)buf / PAGE + i) * 8;
		ssize_t r = pread(fd, pfn + i, n * 8, off);

		if (r <= 0 || r % 8) {
			close(fd);
			return -1;
		}
		i += r / 8;
	}
	close(fd);
	for (i = 0; i < npages; i++) {
		/* bit 63 present, bits 0-54 the frame (0 when hidden). */
		pfn[i] = (pfn[i] >> 63) ? pfn[i] & ((1ULL << 55) - 1) : 0;
	}
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Sorted frames of a part as "NAME start end" runs; returns pages seen. */
static unsigned long report_runs(FILE *f, const char *name, uint64_t *pfn,
				 unsigned long n)
{
	unsigned long i, seen = 0;
	uint64_t start = 0, end = 0;

	qsort(pfn, n, sizeof(*pfn), cmp_u64);
	for (i = 0; i < n; i++) {
		if (!pfn[i])
			continue;
		seen++;
		if (end && pfn[i] == end) {
			end++;
			continue;
		}
		if (pfn[i] < end)	/* the same frame twice (THP reported per page) */
			continue;
		if (end)
			fprintf(f, "%s 0x%llx 0x%llx\n", name,
				(unsigned long long)(start * PAGE),
				(unsigned long long)(end * PAGE));
		start = pfn[i];
		end = pfn[i] + 1;
	}
	if (end)
		fprintf(f, "%s 0x%llx 0x%llx\n", name,
			(unsigned long long)(start * PAGE),
			(unsigned long long)(end * PAGE));
	return seen;
}

/* move_pages(2) with nodes == NULL: where each page is. */
static void report_nodes(FILE *f, const char *name, char *buf,
			 unsigned long npages)
{
	enum { BATCH = 1024, MAXN = 64 };
	unsigned long counts[MAXN] = { 0 }, other = 0, i, j;
	void *pages[BATCH];
	int status[BATCH];

	for (i = 0; i < npages; i += BATCH) {
		unsigned long n = npages - i > BATCH ? BATCH : npages - i;

		for (j = 0; j < n; j++)
			pages[j] = buf + (i + j) * PAGE;
		if (syscall(SYS_move_pages, 0, n, pages, NULL, status, 0)) {
			fprintf(f, "%s_nodes_error %d\n", name, errno);
			return;
		}
		for (j = 0; j < n; j++) {
			if (status[j] >= 0 && status[j] < MAXN)
				counts[status[j]]++;
			else
				other++;
		}
	}
	for (i = 0; i < MAXN; i++)
		if (counts[i])
			fprintf(f, "%s_node%lu %lu\n", name, i, counts[i]);
	if (other)
		fprintf(f, "%s_node_unknown %lu\n", name, other);
}

static int write_report(const char *path, char *buf, unsigned long total,
			unsigned long hot)
{
	unsigned long npages = total / PAGE, nhot = hot / PAGE;
	uint64_t *pfn = calloc(npages ? npages : 1, sizeof(*pfn));
	char tmp[4096];
	FILE *f;

	if (!pfn)
		return -1;
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f) {
		free(pfn);
		return -1;
	}
	fprintf(f, "pid %d\n", getpid());
	fprintf(f, "hot_virt %p %p\n", (void *)buf, (void *)(buf + hot));
	if (read_pfns(buf, npages, pfn)) {
		fprintf(f, "pagemap_error %d\n", errno);
	} else {
		unsigned long h, c;

		h = report_runs(f, "hot", pfn, nhot);
		c = report_runs(f, "cold", pfn + nhot, npages - nhot);
		fprintf(f, "hot_pages %lu\ncold_pages %lu\n", h, c);
		if (!h && !c)
			fprintf(f, "pfn_hidden\n");
	}
	report_nodes(f, "hot", buf, nhot);
	report_nodes(f, "cold", buf + hot, npages - nhot);
	fprintf(f, "ready\n");
	free(pfn);
	if (fclose(f) || rename(tmp, path))
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long total_mib, hot_mib, total, hot, node = ~0UL, i;
	unsigned long pause_us = 0;
	double seconds = 0, t_end;
	const char *report = NULL;
	unsigned long long passes = 0;
	struct sigaction sa;
	uint64_t *w;
	char *buf;
	int thp = 0, corrupt = 0, flush = 0, unbind = 0;
	char *fl = NULL;

	if (argc < 3)
		usage();
	total_mib = parse_ul(argv[1]);
	hot_mib = parse_ul(argv[2]);
	for (i = 3; i < (unsigned long)argc; i++) {
		if (!strcmp(argv[i], "--node") && i + 1 < (unsigned long)argc)
			node = parse_ul(argv[++i]);
		else if (!strcmp(argv[i], "--seconds") && i + 1 < (unsigned long)argc)
			seconds = parse_ul(argv[++i]);
		else if (!strcmp(argv[i], "--report") && i + 1 < (unsigned long)argc)
			report = argv[++i];
		else if (!strcmp(argv[i], "--thp"))
			thp = 1;
		else if (!strcmp(argv[i], "--pause-us") && i + 1 < (unsigned long)argc)
			pause_us = parse_ul(argv[++i]);
		else if (!strcmp(argv[i], "--flush-tlb"))
			flush = 1;
		else if (!strcmp(argv[i], "--corrupt"))
			corrupt = 1;
		else if (!strcmp(argv[i], "--unbind"))
			unbind = 1;
		else
			usage();
	}
	if (!total_mib || hot_mib > total_mib || (node >= 1024 && node != ~0UL))
		usage();
	total = total_mib << 20;
	hot = hot_mib << 20;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	buf = mmap(NULL, total, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED) {
		perror("hotcold: mmap");
		return 1;
	}
	if (madvise(buf, total, thp ? MADV_HUGEPAGE : MADV_NOHUGEPAGE))
		perror("hotcold: madvise");	/* not fatal */
	if (node != ~0UL) {
		unsigned long mask[1024 / (8 * sizeof(unsigned long))] = { 0 };

		mask[node / (8 * sizeof(unsigned long))] |=
			1UL << (node % (8 * sizeof(unsigned long)));
		if (syscall(SYS_mbind, buf, total, MPOL_BIND_, mask, 1024 + 1,
			    MPOL_F_STATIC_NODES_)) {
			perror("hotcold: mbind");
			return 1;
		}
	}

	/*
	 * Cold part first: order-0 allocations take the smallest free
	 * blocks first, so the cold part soaks up the scattered free pages
	 * and the hot part, filled last, gets physically contiguous frames
	 * (cleaner to monitor by physical address).
	 */
	w = (uint64_t *)buf;
	for (i = hot / 8; i < total / 8; i++)
		w[i] = pattern(i);
	for (i = 0; i < hot / 8; i++)
		w[i] = pattern(i);
	if (unbind && node != ~0UL &&
	    syscall(SYS_mbind, buf, total, MPOL_DEFAULT_, NULL, 0, 0)) {
		perror("hotcold: mbind(MPOL_DEFAULT)");
		return 1;
	}
	if (report && write_report(report, buf, total, hot)) {
		perror("hotcold: report");
		return 1;
	}
	printf("hotcold: pid %d, %lu MiB, hot %lu MiB, filled\n", getpid(),
	       total_mib, hot_mib);
	fflush(stdout);

	if (flush) {
		fl = mmap(NULL, FLUSH_PAGES * PAGE, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
		if (fl == MAP_FAILED) {
			perror("hotcold: mmap");
			return 1;
		}
		memset(fl, 1, FLUSH_PAGES * PAGE);
	}

	t_end = seconds ? now() + seconds : 0;
	while (!stop && hot) {
		volatile uint64_t *v = w + passes % (PAGE / 8);

		/*
		 * One word of every hot page per pass, read and written back
		 * (the pattern stays), a different word each pass: every hot
		 * page is accessed every pass, and a pass is short (one
		 * access per page), so each sampling interval sees them all.
		 */
		for (i = 0; i < hot / 8 && !stop; i += PAGE / 8)
			v[i] = v[i];
		passes++;
		if (fl) {
			/* Write-protecting populated PTEs needs a flush. */
			mprotect(fl, FLUSH_PAGES * PAGE, PROT_READ);
			mprotect(fl, FLUSH_PAGES * PAGE, PROT_READ | PROT_WRITE);
			fl[0]++;
		}
		if (pause_us)
			usleep(pause_us);
		if (t_end && (passes & 63) == 0 && now() >= t_end)
			break;
	}
	while (!stop && !hot && (!t_end || now() < t_end))
		usleep(100000);

	if (corrupt)	/* test aid: prove the check can fail */
		w[total / 8 - 1] ^= 1;
	for (i = 0; i < total / 8; i++) {
		if (w[i] != pattern(i)) {
			printf("hotcold: verify CORRUPTED at offset 0x%lx "
			       "(%llu passes)\n", i * 8, passes);
			return 3;
		}
	}
	printf("hotcold: verify ok (%llu passes over the hot part)\n", passes);
	return 0;
}
