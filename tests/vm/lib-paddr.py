#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Guest-side helpers for the physical-address monitoring tests and the
benchmark: drive a damon_tier context through configfs, run the hotcold
workload, and score monitor_results against the workload's report of which
physical pages are hot and which are cold.

Used by tests/vm/t-30-paddr-accuracy.sh and scripts/bench-paddr.sh (as
`python3 tests/vm/lib-paddr.py SUBCOMMAND ...`); runs inside the test VM,
as root, with damon_tier loaded and configfs mounted.

Subcommands:
  accuracy REPORT OUT [--ops A,B] [--sample-us N] [--aggr-us N] [--min N]
      [--max N] [--nodes LIST] [--regions nodes|report] [--seconds S]
      [--snapshots K] [--hot-min N]
      Each ops in turn: one context over the nodes (or, with --regions
      report, over the workload's physical runs), S seconds, then K
      update_stats (OUT.<ops>.<i>); prints "score OPS/i ...", the mean,
      the mean against the report with hot and cold swapped, and the
      agreement of the two ops' hot/cold classification.
  bench REPORT [options, see bench()]
      The benchmark of scripts/bench-paddr.sh.
  score REPORT RESULTS [RESULTS2] [--hot-min N]
      Prints the score of RESULTS (and the agreement with RESULTS2).
"""
import os
import sys
import time

CFS = '/sys/kernel/config/damon_tier'
PAGE = 4096


def wr(path, val):
    with open(path, 'w') as f:
        f.write('%s\n' % val)


def rd(path):
    with open(path) as f:
        return f.read().strip()


# ---- the workload's report ----

def read_report(path):
    """{'pid', 'hot': [(s, e)], 'cold': [(s, e)], other key: value}"""
    rep = {'hot': [], 'cold': []}
    with open(path) as f:
        for line in f:
            w = line.split()
            if not w:
                continue
            if w[0] in ('hot', 'cold') and len(w) == 3:
                rep[w[0]].append((int(w[1], 16), int(w[2], 16)))
            else:
                rep[w[0]] = w[1] if len(w) == 2 else ' '.join(w[1:])
    for k in ('hot', 'cold'):
        rep[k].sort()
    return rep


def wait_report(path, proc, timeout=300):
    t0 = time.time()
    while time.time() - t0 < timeout:
        if os.path.exists(path):
            rep = read_report(path)
            if 'ready' in rep:
                return rep
        if proc is not None and proc.poll() is not None:
            raise RuntimeError('workload exited early: %s' % proc.returncode)
        time.sleep(0.2)
    raise RuntimeError('no report from the workload in %ds' % timeout)


# ---- monitor_results ----

def read_results(path):
    """[(start, end, nr_accesses, age)] sorted by start"""
    regs = []
    with open(path) as f:
        for line in f:
            w = line.split()
            if len(w) == 5:
                regs.append((int(w[1]), int(w[2]), int(w[3]), int(w[4])))
    regs.sort()
    return regs


def overlaps(runs, regs):
    """Yield (bytes, region) for each overlap of sorted runs and regions."""
    i = j = 0
    while i < len(runs) and j < len(regs):
        s = max(runs[i][0], regs[j][0])
        e = min(runs[i][1], regs[j][1])
        if s < e:
            yield e - s, regs[j]
        if runs[i][1] <= regs[j][1]:
            i += 1
        else:
            j += 1


def weighted(runs, regs):
    """Bytes-weighted mean nr_accesses over runs, and bytes covered."""
    tot = acc = 0
    for b, r in overlaps(runs, regs):
        tot += b
        acc += b * r[2]
    return (acc / tot if tot else float('nan')), tot


def classify(runs, regs, hot_min):
    """[(start, end, is_hot)] for the parts of runs that regions cover."""
    out = []
    i = j = 0
    while i < len(runs) and j < len(regs):
        s = max(runs[i][0], regs[j][0])
        e = min(runs[i][1], regs[j][1])
        if s < e:
            out.append((s, e, regs[j][2] >= hot_min))
        if runs[i][1] <= regs[j][1]:
            i += 1
        else:
            j += 1
    return out


def merge_runs(a, b):
    return sorted(a + b)


def score(rep, regs, hot_min):
    hot_mean, hot_cov = weighted(rep['hot'], regs)
    cold_mean, cold_cov = weighted(rep['cold'], regs)
    correct = total = 0
    for part, want in (('hot', True), ('cold', False)):
        for s, e, h in classify(rep[part], regs, hot_min):
            total += e - s
            correct += (e - s) if h == want else 0
    return {
        'hot_mean': hot_mean, 'cold_mean': cold_mean,
        'hot_mib': hot_cov / 2**20, 'cold_mib': cold_cov / 2**20,
        'correct': correct / total if total else float('nan'),
        'regions': len(regs),
    }


def agreement(rep, regs_a, regs_b, hot_min):
    """Fraction of the workload's bytes both results classify alike."""
    runs = merge_runs(rep['hot'], rep['cold'])
    ca = classify(runs, regs_a, hot_min)
    cb = classify(runs, regs_b, hot_min)
    same = total = 0
    # Sweep the two classifications together.
    i = j = 0
    while i < len(ca) and j < len(cb):
        s = max(ca[i][0], cb[j][0])
        e = min(ca[i][1], cb[j][1])
        if s < e:
            total += e - s
            same += (e - s) if ca[i][2] == cb[j][2] else 0
        if ca[i][1] <= cb[j][1]:
            i += 1
        else:
            j += 1
    return same / total if total else float('nan')


def fmt_score(name, sc):
    return ('score %s regions %d hot_mean %.2f cold_mean %.2f '
            'correct %.3f hot_mib %.1f cold_mib %.1f' %
            (name, sc['regions'], sc['hot_mean'], sc['cold_mean'],
             sc['correct'], sc['hot_mib'], sc['cold_mib']))


# ---- physical layout ----

def node_spans():
    """{nid: (start, end)} in bytes, from /proc/zoneinfo's zones."""
    spans = {}
    nid = None
    start = None
    with open('/proc/zoneinfo') as f:
        for line in f:
            w = line.split()
            if line.startswith('Node '):
                nid = int(w[1].rstrip(','))
                start = spanned = None
            elif w[:1] == ['spanned']:
                spanned = int(w[1])
            elif w[:1] == ['start_pfn:']:
                start = int(w[1])
                if spanned:
                    s, e = start * PAGE, (start + spanned) * PAGE
                    if nid in spans:
                        s = min(s, spans[nid][0])
                        e = max(e, spans[nid][1])
                    spans[nid] = (s, e)
    return spans


# ---- a context ----

def proc_cpu(pid):
    """(utime+stime in ns from /proc/PID/stat, sum_exec ns, voluntary cs)"""
    st = rd('/proc/%d/stat' % pid)
    fields = st[st.rindex(')') + 2:].split()
    hz = os.sysconf('SC_CLK_TCK')
    ticks = int(fields[11]) + int(fields[12])   # utime, stime
    try:
        sched = int(rd('/proc/%d/schedstat' % pid).split()[0])
    except OSError:
        sched = -1
    vcs = -1
    for line in rd('/proc/%d/status' % pid).splitlines():
        if line.startswith('voluntary_ctxt_switches:'):
            vcs = int(line.split()[1])
    return ticks * 10**9 // hz, sched, vcs


def rmtree_cfs(d):
    """rmdir a configfs directory tree, deepest first (never unlink)."""
    for root, dirs, _ in os.walk(d, topdown=False):
        for x in dirs:
            p = os.path.join(root, x)
            # Only the directories we made; default groups go with parents.
            try:
                os.rmdir(p)
            except OSError:
                pass
    os.rmdir(d)


class Ctx:
    def __init__(self, name, ops, sample_us=5000, aggr_us=100000,
                 nr_min=10, nr_max=1000, nodes=None, regions=None):
        self.d = '%s/contexts/%s' % (CFS, name)
        os.mkdir(self.d)
        wr(self.d + '/ops', ops)
        a = self.d + '/monitoring_attrs/'
        wr(a + 'aggr_us', aggr_us)
        wr(a + 'update_us', max(1000000, aggr_us))
        wr(a + 'sample_us', sample_us)
        wr(a + 'nr_regions_max', nr_max)
        wr(a + 'nr_regions_min', nr_min)
        t = self.d + '/targets/t0'
        os.mkdir(t)
        if nodes is not None:
            wr(t + '/nodes', nodes)
        for i, (s, e) in enumerate(regions or []):
            os.mkdir('%s/regions/r%d' % (t, i))
            wr('%s/regions/r%d/start' % (t, i), s)
            wr('%s/regions/r%d/end' % (t, i), e)
        self.pid = -1

    def on(self):
        wr(self.d + '/state', 'on')
        self.pid = int(rd(self.d + '/kdamond_pid'))

    def update(self, out=None):
        """update_stats (waits for the end of an aggregation interval)"""
        wr(self.d + '/state', 'update_stats')
        txt = rd(self.d + '/monitor_results')
        if out:
            with open(out, 'w') as f:
                f.write(txt + '\n')
        return txt

    def commit(self, sample_us, aggr_us):
        a = self.d + '/monitoring_attrs/'
        wr(a + 'sample_us', sample_us)
        wr(a + 'aggr_us', aggr_us)
        wr(a + 'update_us', max(1000000, aggr_us))
        wr(self.d + '/state', 'commit')

    def off(self):
        if rd(self.d + '/state') == 'on':
            wr(self.d + '/state', 'off')

    def remove(self):
        self.off()
        rmtree_cfs(self.d)


def run_snapshots(ops, out, o, regions=None):
    """One context with @ops over @regions, else o['nodes']; after
    o['seconds'], take
    o['snapshots'] update_stats (one per aggregation interval) into
    OUT.<i>; return [regions of each snapshot]."""
    ctx = Ctx('acc_%s' % ops, ops, o['sample_us'], o['aggr_us'], o['min'],
              o['max'], nodes=None if regions else o['nodes'],
              regions=regions)
    snaps = []
    try:
        ctx.on()
        time.sleep(o['seconds'])
        for i in range(o['snapshots']):
            f = '%s.%d' % (out, i)
            ctx.update(f)
            snaps.append(read_results(f))
    finally:
        ctx.remove()
    return snaps


def swap_report(rep):
    sw = dict(rep)
    sw['hot'], sw['cold'] = rep['cold'], rep['hot']
    return sw


def mean_scores(scores):
    keys = ('hot_mean', 'cold_mean', 'correct', 'hot_mib', 'cold_mib',
            'regions')
    return {k: sum(x[k] for x in scores) / len(scores) for k in keys}


def accuracy(argv):
    """The accuracy check of t-30: each ops in turn on the same running
    workload, `snapshots` aggregations scored and averaged."""
    pos, o = parse_opts(argv, {
        'ops': 'dt_paddr,paddr', 'sample_us': 20000, 'aggr_us': 400000,
        'min': 10, 'max': 1000, 'nodes': '0', 'seconds': 8.0,
        'snapshots': 3, 'hot_min': -1, 'regions': 'nodes'})
    rep = read_report(pos[0])
    out = pos[1]
    hot_min = o['hot_min'] if o['hot_min'] >= 0 else \
        max(1, o['aggr_us'] // o['sample_us'] // 5)
    print('accuracy sample_us %d aggr_us %d (max nr_accesses %d) hot_min %d '
          'regions %s' % (o['sample_us'], o['aggr_us'],
                          o['aggr_us'] // o['sample_us'], hot_min,
                          o['regions'] if o['regions'] == 'report'
                          else 'nodes ' + o['nodes']))
    opss = o['ops'].split(',')
    # --regions report: the workload's own physical runs, hot and cold,
    # as the target's regions (boundaries DAMON need not find).
    regions = merge_runs(rep['hot'], rep['cold']) \
        if o['regions'] == 'report' else None
    snaps = {}
    for ops in opss:
        snaps[ops] = run_snapshots(ops, '%s.%s' % (out, ops), o, regions)
        scores = [score(rep, r, hot_min) for r in snaps[ops]]
        for i, sc in enumerate(scores):
            print(fmt_score('%s/%d' % (ops, i), sc))
        print(fmt_score('%s/mean' % ops, mean_scores(scores)))
        sw = mean_scores([score(swap_report(rep), r, hot_min)
                          for r in snaps[ops]])
        print(fmt_score('%s/swapped' % ops, sw))
        sys.stdout.flush()
    if len(opss) == 2:
        pairs = list(zip(snaps[opss[0]], snaps[opss[1]]))
        agr = sum(agreement(rep, x, y, hot_min) for x, y in pairs) / len(pairs)
        print('agreement %.3f' % agr)


def equal_regions(lo, hi, n):
    """n adjacent page-aligned regions over [lo, hi), sizes within a page.

    With nr_regions_min = nr_regions_max = n, DAMON keeps exactly these n:
    its size limit (total / nr_regions_min) forbids merging any two, and
    it only splits while there are at most nr_regions_max / 2."""
    pages = (hi - lo) // PAGE
    if pages < n:
        raise SystemExit('%d regions do not fit in %d pages' % (n, pages))
    return [(lo + (i * pages // n) * PAGE, lo + ((i + 1) * pages // n) * PAGE)
            for i in range(n)]


def ns_per_region_sample(c, nr_regions):
    cpu = c['sched_ns'] if c['sched_ns'] >= 0 else c['cpu_ns']
    return cpu / max(1, c['vcs']) / max(1, nr_regions)


def bench_ops(ctx, ops, rep, o, hot_min, tag):
    """One measurement of @ctx (off, regions set) with @ops:

    1. on with sample_us / aggr_us; after two aggregation intervals,
       update_stats: the hot/cold verdict;
    2. commit an aggregation interval of an hour: no merge, split or reset
       runs from now on, so the kdamond does nothing but sample;
    3. the kdamond's CPU time and sleeps over `seconds`;
    4. off: monitor_results hold the regions sampled in 3.
    Returns (verdict regions, final regions, cost, score)."""
    wr(ctx.d + '/ops', ops)
    wr(ctx.d + '/monitoring_attrs/sample_us', o['sample_us'])
    wr(ctx.d + '/monitoring_attrs/aggr_us', o['aggr_us'])
    wr(ctx.d + '/monitoring_attrs/update_us', max(10**6, o['aggr_us']))
    ctx.on()
    try:
        time.sleep(2.2 * o['aggr_us'] / 1e6)
        f = '/tmp/bench.%s.%s.verdict' % (tag, ops)
        ctx.update(f)
        verdict = read_results(f)
        ctx.commit(o['sample_us'], 3600 * 10**6)
        c0 = proc_cpu(ctx.pid)
        t0 = time.monotonic()
        time.sleep(o['seconds'])
        c1 = proc_cpu(ctx.pid)
        wall = time.monotonic() - t0
    finally:
        ctx.off()
    f = '/tmp/bench.%s.%s.final' % (tag, ops)
    with open(f, 'w') as fo:
        fo.write(rd(ctx.d + '/monitor_results') + '\n')
    regs = read_results(f)
    cost = {'wall_s': wall,
            'cpu_ns': c1[0] - c0[0],
            'sched_ns': c1[1] - c0[1] if c0[1] >= 0 else -1,
            'vcs': c1[2] - c0[2],
            'samples_wall': wall * 1e6 / o['sample_us']}
    return verdict, regs, cost, score(rep, verdict, hot_min)


def vmstat(keys):
    out = {}
    with open('/proc/vmstat') as f:
        for line in f:
            k, v = line.split()
            if k in keys:
                out[k] = int(v)
    return ' '.join('%s %d' % (k, out.get(k, -1)) for k in keys)


def bench(argv):
    """For every N, a context with N equal regions (made once); then, per
    repetition, every N in turn and both ops on it in alternating order,
    so slow drifts of the guest's memory state spread over all of them.
    Prints one line per run, then per N the medians, the paddr/dt_paddr
    ratio and the agreement of the two ops' last hot/cold verdicts over
    the workload's pages. Both ops of an N share one context: exactly the
    same regions."""
    pos, o = parse_opts(argv, {
        'ns': '1000,10000,20000', 'ops': 'dt_paddr,paddr', 'reps': 1,
        'sample_us': 100000, 'aggr_us': 2000000, 'seconds': 10.0,
        'hot_min': -1})
    rep = read_report(pos[0])
    opss = o['ops'].split(',')
    ns = [int(x) for x in o['ns'].split(',')]
    hot_min = o['hot_min'] if o['hot_min'] >= 0 else \
        max(1, o['aggr_us'] // o['sample_us'] // 2)
    spans = node_spans()
    lo = min(s for s, _ in spans.values())
    hi = max(e for _, e in spans.values())
    print('bench sample_us %d aggr_us %d seconds %g hot_min %d '
          'regions over 0x%x-0x%x (nodes %s)' %
          (o['sample_us'], o['aggr_us'], o['seconds'], hot_min, lo, hi,
           ' '.join('%d:0x%x-0x%x' % (k, v[0], v[1])
                    for k, v in sorted(spans.items()))))
    mem_keys = ('nr_free_pages', 'nr_active_anon', 'nr_inactive_anon',
                'nr_active_file', 'nr_inactive_file', 'nr_mapped',
                'nr_anon_transparent_hugepages')
    print('bench vmstat %s' % vmstat(mem_keys))
    ctxs = {}
    per = {(n, x): [] for n in ns for x in opss}
    last = {}
    try:
        for n in ns:
            t = time.monotonic()
            ctxs[n] = Ctx('bench%d' % n, opss[0], o['sample_us'],
                          o['aggr_us'], n, n,
                          regions=equal_regions(lo, hi, n))
            print('bench n %d: %d regions made in %.1fs' %
                  (n, n, time.monotonic() - t))
        for r in range(o['reps']):
            for n in ns:
                for ops in (opss if r % 2 == 0 else opss[::-1]):
                    verdict, regs, c, sc = bench_ops(ctxs[n], ops, rep, o,
                                                     hot_min, '%d.%d' % (n, r))
                    nsrs = ns_per_region_sample(c, len(regs))
                    per[(n, ops)].append(nsrs)
                    last[(n, ops)] = verdict
                    print('bench %s n %d rep %d regions %d cpu_ns %d '
                          'stat_cpu_ns %d samples %d samples_wall %.0f '
                          'ns_per_region_sample %.1f hot_mean %.2f '
                          'cold_mean %.2f correct %.3f uptime %.0f' %
                          (ops, n, r, len(regs),
                           c['sched_ns'] if c['sched_ns'] >= 0
                           else c['cpu_ns'], c['cpu_ns'], c['vcs'],
                           c['samples_wall'], nsrs, sc['hot_mean'],
                           sc['cold_mean'], sc['correct'],
                           time.clock_gettime(time.CLOCK_BOOTTIME)))
                    sys.stdout.flush()
    finally:
        print('bench vmstat %s' % vmstat(mem_keys))
        for n, ctx in ctxs.items():
            ctx.remove()
    if len(opss) != 2:
        return
    summary = []
    for n in ns:
        a, b = (sorted(per[(n, x)])[len(per[(n, x)]) // 2] for x in opss)
        agr = agreement(rep, last[(n, opss[0])], last[(n, opss[1])],
                        hot_min)
        summary.append((n, a, b, b / a, agr))
        print('ratio n %d %s %.1f %s %.1f %s/%s %.2f agreement %.3f' %
              (n, opss[0], a, opss[1], b, opss[1], opss[0], b / a, agr))
    for n, a, b, ratio, agr in summary:
        print('summary | %d | %.0f | %.0f | %.2f | %.3f |' %
              (n, a, b, ratio, agr))


def parse_opts(argv, defaults):
    opts = dict(defaults)
    pos = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a.startswith('--'):
            k = a[2:].replace('-', '_')
            if k not in opts:
                raise SystemExit('unknown option %s' % a)
            opts[k] = type(defaults[k])(argv[i + 1]) if defaults[k] is not None \
                else argv[i + 1]
            i += 2
        else:
            pos.append(a)
            i += 1
    return pos, opts


def main(argv):
    if len(argv) < 2:
        raise SystemExit(__doc__)
    cmd = argv[1]
    if cmd == 'accuracy':
        accuracy(argv[2:])
    elif cmd == 'bench':
        bench(argv[2:])
    elif cmd == 'score':
        pos, o = parse_opts(argv[2:], {'hot_min': 10})
        rep = read_report(pos[0])
        a = read_results(pos[1])
        print(fmt_score(pos[1], score(rep, a, o['hot_min'])))
        if len(pos) > 2:
            b = read_results(pos[2])
            print(fmt_score(pos[2], score(rep, b, o['hot_min'])))
            print('agreement %.3f' % agreement(rep, a, b, o['hot_min']))
    else:
        raise SystemExit(__doc__)


if __name__ == '__main__':
    main(sys.argv)
