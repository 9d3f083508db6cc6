#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Guest-side helpers for the dt_ptwalk tests and benchmark: run a context
with a vaddr-type ops on the hotspots workload, score monitor_results
against its report of hot virtual ranges, and measure the kdamond's CPU.

Used by tests/vm/t-70-ptwalk-*.sh and scripts/bench-ptwalk.sh as
`python3 tests/vm/lib-ptwalk.py SUBCOMMAND ...`, inside the test VM as root
with damon_tier loaded and configfs mounted.

Subcommands:
  accuracy REPORT OUT [--ops A,B] [--sample-us N] [--aggr-us N]
      [--seconds S] [--snapshots K] [--hot-min N] [--min N]
      Each ops in turn on the running workload: one context on its pid
      (regions from the ops' init: the whole address space), S seconds,
      then K update_stats (OUT.<ops>.<i>), each scored:
        false_cold_regions  regions clearly hot (>= 40% of their bytes in
                            hot ranges) with nr_accesses < hot_min
        false_hot_regions   regions clearly cold (<= 5% hot) with
                            nr_accesses >= hot_min
        hot_cold_kib        hot bytes in regions with nr_accesses < hot_min
        cold_hot_kib        cold bytes of the mapping in regions with
                            nr_accesses >= hot_min
        found               hot ranges with at least half their bytes in
                            regions with nr_accesses >= hot_min
      and prints "score OPS/i ..." and the sum over the snapshots
      ("total OPS ...").
  grid REPORT OUT [--ops A,B] [--regions N] [--sample-us N] [--aggr-us N]
      [--seconds S] [--snapshots K] [--moved-mib M]
      Each ops on a fixed grid of N equal regions over the mapping (see
      grid()); per snapshot "grid OPS/i false_cold N false_hot N abs_err X"
      and the sums "gridtotal OPS ..."; with M, "gridmoved OPS false_cold N"
      scores the same snapshots against the hot set moved by M MiB.
  cost REPORT [--ops A,B] [--sample-us N] [--aggr-us N] [--seconds S]
      [--gib G] [--min N]
      Each ops in turn: the kdamond's CPU time per sample and per
      monitored GiB (G: the workload's address space), plus the accuracy
      score of one snapshot; prints "cost OPS ns_per_sample N
      ns_per_gib_sample N samples N ..." lines.
"""
import os
import sys
import time

CFS = '/sys/kernel/config/damon_tier'
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from importlib import import_module  # noqa: E402
lp = import_module('lib-paddr')      # wr, rd, proc_cpu, rmtree_cfs, parse_opts


def read_report(path):
    rep = {'hot': [], 'map': None, 'pid': None}
    with open(path) as f:
        for line in f:
            w = line.split()
            if w[:1] == ['hot']:
                rep['hot'].append((int(w[1], 16), int(w[2], 16)))
            elif w[:1] == ['map']:
                rep['map'] = (int(w[1], 16), int(w[2], 16))
            elif w[:1] == ['pid']:
                rep['pid'] = int(w[1])
    rep['hot'].sort()
    return rep


def read_results(path):
    regs = []
    with open(path) as f:
        for line in f:
            w = line.split()
            if len(w) == 5:
                regs.append((int(w[1]), int(w[2]), int(w[3]), int(w[4])))
    regs.sort()
    return regs


def ov(a, b):
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def score(rep, regs, hot_min, nsamples=20):
    """Per snapshot. A region is clearly hot when >= 40% of its bytes are
    in hot ranges (the ops should then count >= 8 of 20 samples, twice
    hot_min) and clearly cold at <= 5% (<= 1 of 20)."""
    m = rep['map']
    fc_regions = fh_regions = hot_cold = cold_hot = 0
    hot_seen = [0] * len(rep['hot'])
    for r in regs:
        if ov(r, m) == 0:
            continue
        sz = r[1] - r[0]
        hot_in = sum(ov(r, h) for h in rep['hot'])
        is_hot = r[2] >= hot_min
        if is_hot:
            cold_hot += ov(r, m) - hot_in
            for i, h in enumerate(rep['hot']):
                hot_seen[i] += ov(r, h)
            if hot_in * 20 <= sz:
                fh_regions += 1
        else:
            hot_cold += hot_in
            if hot_in * 10 >= sz * 4:
                fc_regions += 1
    found = sum(1 for i, h in enumerate(rep['hot'])
                if hot_seen[i] * 2 >= h[1] - h[0])
    return {'false_cold_regions': fc_regions, 'false_hot_regions': fh_regions,
            'hot_cold_kib': hot_cold >> 10, 'cold_hot_kib': cold_hot >> 10,
            'found': found, 'regions': sum(1 for r in regs if ov(r, m))}


def fmt(name, sc, nhot):
    return ('%s false_cold_regions %d false_hot_regions %d hot_cold_kib %d '
            'cold_hot_kib %d found %d/%d regions %d' %
            (name, sc['false_cold_regions'], sc['false_hot_regions'],
             sc['hot_cold_kib'], sc['cold_hot_kib'], sc['found'], nhot,
             sc['regions']))


class Ctx:
    def __init__(self, name, ops, pid, sample_us, aggr_us, nr_min=10,
                 nr_max=1000):
        self.d = '%s/contexts/%s' % (CFS, name)
        os.mkdir(self.d)
        lp.wr(self.d + '/ops', ops)
        a = self.d + '/monitoring_attrs/'
        lp.wr(a + 'aggr_us', aggr_us)
        lp.wr(a + 'update_us', max(1000000, aggr_us))
        lp.wr(a + 'sample_us', sample_us)
        lp.wr(a + 'nr_regions_max', nr_max)
        lp.wr(a + 'nr_regions_min', nr_min)
        os.mkdir(self.d + '/targets/t0')
        lp.wr(self.d + '/targets/t0/pid', pid)
        self.pid = -1

    def on(self):
        lp.wr(self.d + '/state', 'on')
        self.pid = int(lp.rd(self.d + '/kdamond_pid'))

    def update(self, out):
        lp.wr(self.d + '/state', 'update_stats')
        txt = lp.rd(self.d + '/monitor_results')
        with open(out, 'w') as f:
            f.write(txt + '\n')
        return read_results(out)

    def remove(self):
        if lp.rd(self.d + '/state') == 'on':
            lp.wr(self.d + '/state', 'off')
        lp.rmtree_cfs(self.d)


def grid_score(rep, regs, nsamples):
    """Per snapshot of a fixed grid of regions. For each region of the map,
    h = share of its bytes in hot ranges; with every hot page accessed in
    every sample the kernel's expected nr_accesses is h * nsamples.
      false_cold  regions with h >= 6% (expected >= 1.2) reported idle
                  (nr_accesses 0: what a pageout/cold scheme acts on)
      false_hot   regions with h == 0 reported accessed
      abs_err     mean |nr_accesses - h * nsamples| over regions with h > 0
    """
    m = rep['map']
    fc = fh = n = 0
    err = 0.0
    for r in regs:
        if ov(r, m) < r[1] - r[0]:
            continue
        h = sum(ov(r, x) for x in rep['hot']) / (r[1] - r[0])
        if h >= 0.06 and r[2] == 0:
            fc += 1
        if h == 0 and r[2] > 0:
            fh += 1
        if h > 0:
            err += abs(r[2] - h * nsamples)
            n += 1
    return {'false_cold': fc, 'false_hot': fh,
            'abs_err': err / n if n else float('nan'), 'hot_regions': n}


def grid(argv):
    """t-70: a fixed grid of N equal regions over the map
    (nr_regions_min = nr_regions_max = N keeps exactly them, ops updates
    an hour apart keep the vaddr update from reshaping them)."""
    pos, o = lp.parse_opts(argv, {
        'ops': 'dt_ptwalk,vaddr', 'sample_us': 20000, 'aggr_us': 400000,
        'seconds': 4.0, 'snapshots': 8, 'regions': 256, 'moved_mib': 0,
        'min_share': 0.3})
    rep = read_report(pos[0])
    out = pos[1]
    ns = o['aggr_us'] // o['sample_us']
    grid_regs = lp.equal_regions(rep['map'][0], rep['map'][1], o['regions'])
    print('grid regions %d sample_us %d aggr_us %d samples %d hot_ranges %d'
          % (o['regions'], o['sample_us'], o['aggr_us'], ns,
             len(rep['hot'])))
    for ops in o['ops'].split(','):
        ctx = Ctx('grid_' + ops, ops, rep['pid'], o['sample_us'],
                  o['aggr_us'], o['regions'], o['regions'])
        lp.wr(ctx.d + '/monitoring_attrs/update_us', 3600 * 10**6)
        for i, (s, e) in enumerate(grid_regs):
            r = '%s/targets/t0/regions/r%d' % (ctx.d, i)
            os.mkdir(r)
            lp.wr(r + '/start', s)
            lp.wr(r + '/end', e)
        tot = {'false_cold': 0, 'false_hot': 0, 'abs_err': 0.0}
        try:
            ctx.on()
            time.sleep(o['seconds'])
            ctx.update('%s.%s.warm' % (out, ops))
            i = tries = 0
            while i < o['snapshots'] and tries < 3 * o['snapshots']:
                tries += 1
                c0, t0 = lp.proc_cpu(rep['pid'])[0], time.monotonic()
                regs = ctx.update('%s.%s.%d' % (out, ops, i))
                share = (lp.proc_cpu(rep['pid'])[0] - c0) / 1e9 / \
                    max(1e-3, time.monotonic() - t0)
                # A busy host can starve the workload for a whole
                # aggregation: then its hot pages are not all touched
                # every sample and no ops can count them. Such
                # aggregations are dropped (and printed).
                if share < o['min_share']:
                    print('grid %s/skip workload_cpu %.2f' % (ops, share))
                    continue
                sc = grid_score(rep, regs, ns)
                print('grid %s/%d false_cold %d false_hot %d abs_err %.2f '
                      'hot_regions %d workload_cpu %.2f' %
                      (ops, i, sc['false_cold'], sc['false_hot'],
                       sc['abs_err'], sc['hot_regions'], share))
                for k in tot:
                    tot[k] += sc[k]
                i += 1
        finally:
            ctx.remove()
        if i < o['snapshots']:
            raise SystemExit('grid %s: only %d of %d aggregations with the '
                             'workload running' % (ops, i, o['snapshots']))
        print('gridtotal %s false_cold %d false_hot %d abs_err %.2f' %
              (ops, tot['false_cold'], tot['false_hot'],
               tot['abs_err'] / o['snapshots']))
        if o['moved_mib']:
            # The same snapshots against the hot set moved: must score badly.
            mv = dict(rep)
            d = o['moved_mib'] << 20
            mv['hot'] = [(a + d, b + d) for a, b in rep['hot']]
            fc = sum(grid_score(mv, read_results('%s.%s.%d' % (out, ops, i)),
                                ns)['false_cold']
                     for i in range(o['snapshots']))
            print('gridmoved %s false_cold %d' % (ops, fc))
        sys.stdout.flush()


def hot_min_of(o):
    return o['hot_min'] if o['hot_min'] >= 0 else \
        max(1, o['aggr_us'] // o['sample_us'] // 5)


def accuracy(argv):
    pos, o = lp.parse_opts(argv, {
        'ops': 'dt_ptwalk,vaddr', 'sample_us': 20000, 'aggr_us': 400000,
        'seconds': 10.0, 'snapshots': 3, 'hot_min': -1, 'min': 10})
    rep = read_report(pos[0])
    out = pos[1]
    hot_min = hot_min_of(o)
    nhot = len(rep['hot'])
    print('accuracy sample_us %d aggr_us %d hot_min %d hot_ranges %d '
          'map_mib %d' % (o['sample_us'], o['aggr_us'], hot_min, nhot,
                          (rep['map'][1] - rep['map'][0]) >> 20))
    for ops in o['ops'].split(','):
        ctx = Ctx('acc_' + ops, ops, rep['pid'], o['sample_us'], o['aggr_us'],
                  nr_min=o['min'])
        tot = dict.fromkeys(('false_cold_regions', 'false_hot_regions',
                             'hot_cold_kib', 'cold_hot_kib', 'found',
                             'regions'), 0)
        try:
            ctx.on()
            time.sleep(o['seconds'])
            for i in range(o['snapshots']):
                sc = score(rep, ctx.update('%s.%s.%d' % (out, ops, i)),
                           hot_min)
                print(fmt('score %s/%d' % (ops, i), sc, nhot))
                for k in tot:
                    tot[k] += sc[k]
        finally:
            ctx.remove()
        print(fmt('total %s' % ops, tot, nhot * o['snapshots']))
        sys.stdout.flush()


def cost(argv):
    pos, o = lp.parse_opts(argv, {
        'ops': 'vaddr,dt_ptwalk', 'sample_us': 20000, 'aggr_us': 400000,
        'seconds': 10.0, 'gib': 0.0, 'hot_min': -1, 'warmup': 4.0,
        'min': 10})
    rep = read_report(pos[0])
    hot_min = hot_min_of(o)
    gib = o['gib'] or (rep['map'][1] - rep['map'][0]) / 2**30
    nhot = len(rep['hot'])
    for ops in o['ops'].split(','):
        ctx = Ctx('cost_' + ops, ops, rep['pid'], o['sample_us'],
                  o['aggr_us'], nr_min=o['min'])
        try:
            ctx.on()
            time.sleep(o['warmup'])
            c0 = lp.proc_cpu(ctx.pid)
            st0 = ptwalk_stats()
            time.sleep(o['seconds'])
            c1 = lp.proc_cpu(ctx.pid)
            st1 = ptwalk_stats()
            sc = score(rep, ctx.update('/tmp/ptwalk-cost.%s' % ops), hot_min)
        finally:
            ctx.remove()
        ns = c1[1] - c0[1] if c1[1] >= 0 else c1[0] - c0[0]
        samples = max(1, c1[2] - c0[2])
        d = {k: st1.get(k, 0) - st0.get(k, 0) for k in st1}
        print('cost %s gib %.3f min_regions %d ns_per_sample %d '
              'ns_per_gib_sample %d samples %d ptes_per_sample %d '
              'tables_skipped_per_sample %d young_per_sample %d '
              'puds_skipped_per_sample %.2f' %
              (ops, gib, o['min'], ns // samples, ns / samples / gib, samples,
               d.get('ptes_scanned', 0) // samples,
               d.get('tables_skipped', 0) // samples,
               d.get('young', 0) // samples,
               d.get('puds_skipped', 0) / samples))
        print(fmt('score %s' % ops, sc, nhot))
        sys.stdout.flush()


def ptwalk_stats():
    try:
        w = lp.rd('/sys/module/damon_tier/parameters/ptwalk_stats').split()
    except OSError:
        return {}
    return {w[i]: int(w[i + 1]) for i in range(0, len(w) - 1, 2)}


def main(argv):
    if len(argv) < 2:
        raise SystemExit(__doc__)
    if argv[1] == 'accuracy':
        accuracy(argv[2:])
    elif argv[1] == 'grid':
        grid(argv[2:])
    elif argv[1] == 'cost':
        cost(argv[2:])
    else:
        raise SystemExit(__doc__)


if __name__ == '__main__':
    main(sys.argv)
