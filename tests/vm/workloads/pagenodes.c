// SPDX-License-Identifier: GPL-2.0
/*
 * pagenodes: where the pages of a hotcold workload are, fast enough to poll
 * under software emulation (the Python equivalent in lib-hotmap.py takes
 * tens of seconds there on a busy host).
 *
 * usage: pagenodes PID START NHOT NTOTAL
 *
 * Queries move_pages(2) with no target nodes for the NTOTAL pages from
 * virtual address START (hex or decimal) of process PID, the first NHOT of
 * them being the hot set, and prints
 *   hot0 N hot1 N cold0 N cold1 N other N
 * ("other": not present, or on another node). Exit 1 on an error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PAGE 4096UL
#define BATCH 4096UL

int main(int argc, char **argv)
{
	static void *pages[BATCH];
	static int status[BATCH];
	unsigned long start, nhot, ntotal, i, j, n;
	unsigned long cnt[2][2] = { { 0 } }, other = 0;
	long pid;

	if (argc != 5) {
		fprintf(stderr, "usage: pagenodes PID START NHOT NTOTAL\n");
		return 2;
	}
	pid = strtol(argv[1], NULL, 0);
	start = strtoul(argv[2], NULL, 0);
	nhot = strtoul(argv[3], NULL, 0);
	ntotal = strtoul(argv[4], NULL, 0);
	for (i = 0; i < ntotal; i += n) {
		n = ntotal - i < BATCH ? ntotal - i : BATCH;
		for (j = 0; j < n; j++)
			pages[j] = (void *)(start + (i + j) * PAGE);
		if (syscall(SYS_move_pages, pid, n, pages, NULL, status, 0)) {
			perror("pagenodes: move_pages");
			return 1;
		}
		for (j = 0; j < n; j++) {
			int hot = i + j < nhot;

			if (status[j] == 0 || status[j] == 1)
				cnt[hot][status[j]]++;
			else
				other++;
		}
	}
	printf("hot0 %lu hot1 %lu cold0 %lu cold1 %lu other %lu\n",
	       cnt[1][0], cnt[1][1], cnt[0][0], cnt[0][1], other);
	return 0;
}
