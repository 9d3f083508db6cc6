#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Guest-side helpers for the hot map / kmigrated tests (t-4*.sh).

  where PID HOT_START HOT_PAGES TOTAL_PAGES
      Where the pages of the hotcold workload PID are (move_pages(2) with
      no target nodes): prints "hot0 N hot1 N cold0 N cold1 N other N".
  stat KEY
      The value of KEY in /sys/kernel/config/damon_tier/hotmap/stats.
"""
import ctypes
import sys

CFS = '/sys/kernel/config/damon_tier'
PAGE = 4096
SYS_MOVE_PAGES = 279	# x86_64

libc = ctypes.CDLL(None, use_errno=True)


def where(pid, start, npages):
    counts = {}
    batch = 4096
    for i in range(0, npages, batch):
        n = min(batch, npages - i)
        pages = (ctypes.c_void_p * n)(*[start + (i + j) * PAGE for j in range(n)])
        status = (ctypes.c_int * n)()
        r = libc.syscall(SYS_MOVE_PAGES, pid, ctypes.c_ulong(n), pages, None,
                         status, 0)
        if r != 0:
            raise OSError(ctypes.get_errno(), 'move_pages')
        for s in status:
            counts[s] = counts.get(s, 0) + 1
    return counts


def stat(key):
    with open(CFS + '/hotmap/stats') as f:
        for line in f:
            k, _, v = line.strip().partition(' ')
            if k == key:
                return v
    return ''


def main(argv):
    if argv[1] == 'where':
        pid, start = int(argv[2]), int(argv[3], 0)
        nhot, ntotal = int(argv[4]), int(argv[5])
        hot = where(pid, start, nhot)
        cold = where(pid, start + nhot * PAGE, ntotal - nhot)
        other = sum(v for k, v in list(hot.items()) + list(cold.items())
                    if k not in (0, 1))
        print('hot0 %d hot1 %d cold0 %d cold1 %d other %d' % (
            hot.get(0, 0), hot.get(1, 0), cold.get(0, 0), cold.get(1, 0),
            other))
    elif argv[1] == 'stat':
        print(stat(argv[2]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
