#!/usr/bin/env python3
"""Choose the hybrid fusion weight on the whole retrieval suite.

For each collection, `indexer eval --beir DIR --mode all --run RUNS/NAME` writes
RUNS/NAME.bm25 and RUNS/NAME.vector (TREC runs, 100 articles per query). This
script fuses them offline as the engine does (convex: w_bm·minmax(bm25) +
w_vec·minmax(cosine) per query, 0 when absent) for vector weights 0..0.6 and
prints nDCG@10 (trec_eval definition: gains 2^rel-1 over log2(rank+1), ideal
DCG over all judged-relevant documents) per collection and their mean. The
weight chosen is the one with the largest mean among those at which no
collection falls below its best textbook reference in refs.tsv.

usage: fusion_sweep.py EVALDIR RUNSDIR
"""
import collections, math, os, sys

evaldir, runs = sys.argv[1], sys.argv[2]
refs = collections.defaultdict(float)
for line in open(os.path.join(evaldir, "refs.tsv")):
    p = line.rstrip("\n").split("\t")
    if len(p) == 3 and p[0] != "collection":
        refs[p[0]] = max(refs[p[0]], float(p[2]))

def run(path):
    out = collections.defaultdict(dict)
    for line in open(path):
        q, _, d, _, s, _ = line.split()
        out[q][d] = float(s)
    return out

def qrels(path):
    out = collections.defaultdict(dict)
    for i, line in enumerate(open(path)):
        p = line.split()
        if i == 0 and not p[-1].lstrip("-").isdigit():
            continue
        if int(p[2]) > 0:
            out[p[0]][p[1]] = int(p[2])
    return out

def ndcg10(ranked, rel):
    dcg = sum((2 ** rel.get(d, 0) - 1) / math.log2(i + 2) for i, d in enumerate(ranked[:10]))
    ideal = sorted(rel.values(), reverse=True)
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal[:10]))
    return dcg / idcg if idcg else 0.0

def minmax(xs):
    if not xs:
        return {}
    lo, hi = min(xs.values()), max(xs.values())
    return {d: (s - lo) / (hi - lo) if hi > lo else 1.0 for d, s in xs.items()}

cols = [c for c in sorted(os.listdir(evaldir)) if os.path.exists(os.path.join(runs, c + ".bm25"))]
weights = [round(0.05 * i, 2) for i in range(13)]
table = {}
for c in cols:
    bm, vec = run(os.path.join(runs, c + ".bm25")), run(os.path.join(runs, c + ".vector"))
    qr = qrels(os.path.join(evaldir, c, "qrels", "test.tsv"))
    for w in weights:
        tot = 0.0
        for q, rel in qr.items():
            b, v = minmax(bm.get(q, {})), minmax(vec.get(q, {}))
            fused = {d: (1 - w) * b.get(d, 0) + w * v.get(d, 0) for d in set(b) | set(v)}
            ranked = sorted(fused, key=lambda d: (-fused[d], d))
            tot += ndcg10(ranked, rel)
        table[c, w] = tot / len(qr)

print("w_vec  " + " ".join("%9s" % c for c in cols) + "      mean  ok")
best = None
for w in weights:
    vals = [table[c, w] for c in cols]
    mean = sum(vals) / len(vals)
    ok = all(table[c, w] >= refs[c] for c in cols)
    print("%5.2f  " % w + " ".join("%9.4f" % v for v in vals) + "   %7.4f  %s" % (mean, "yes" if ok else "no"))
    if ok and (best is None or mean > best[1]):
        best = (w, mean)
print("chosen:", best)
