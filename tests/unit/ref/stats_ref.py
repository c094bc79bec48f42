#!/usr/bin/python3
"""Reference values for tests/unit/test_stats.c, computed with scipy/numpy.

Run with Debian's /usr/bin/python3 (python3-scipy, python3-numpy):
    /usr/bin/python3 tests/unit/ref/stats_ref.py
and paste the printed C blocks into test_stats.c.  The inputs here are the
same literals as in the test; change both together.  Nothing here calls slant:
the values come from scipy's own functions (or, where scipy has none, from the
textbook formula written out in numpy, as noted).
"""
import numpy as np
import scipy
from scipy import stats
from scipy.spatial.distance import jensenshannon


def c(x):
    return "%.17g" % x


def carr(name, xs):
    print("static const double %s[] = {%s};" % (name, ", ".join(c(v) for v in np.ravel(xs))))


print("/* scipy %s, numpy %s */" % (scipy.__version__, np.__version__))

# 1. Garwood: lo = qchisq(0.025, 2k)/2, hi = qchisq(0.975, 2k+2)/2
gk = [0, 1, 2, 5, 17, 100, 2.5]
carr("garwood_k", gk)
carr("garwood_lo", [0.0 if k == 0 else stats.chi2.ppf(0.025, 2 * k) / 2 for k in gk])
carr("garwood_hi", [stats.chi2.ppf(0.975, 2 * k + 2) / 2 for k in gk])
# 90% level for k = 4
print("#define GARWOOD90_LO %s" % c(stats.chi2.ppf(0.05, 8) / 2))
print("#define GARWOOD90_HI %s" % c(stats.chi2.ppf(0.95, 10) / 2))

# 2. Clopper-Pearson on L/(L+D), mapped to 2p - 1
cp = [(3, 1), (0, 4), (5, 0), (7, 12)]
lo, hi = [], []
for L, D in cp:
    lo.append(2 * (0.0 if L == 0 else stats.beta.ppf(0.025, L, D + 1)) - 1)
    hi.append(2 * (1.0 if D == 0 else stats.beta.ppf(0.975, L + 1, D)) - 1)
carr("cp_lo", lo)
carr("cp_hi", hi)

# 3. log ratio and G2 (scipy chi2_contingency with the log-likelihood lambda)
cmp = [(10, 1000, 5, 2000), (120, 50000, 300, 90000), (0, 1000, 7, 1500),
       (3, 10, 3, 10), (250, 4000, 1, 30)]
lr, g2, gp = [], [], []
for a, na, b, nb in cmp:
    aa, bb = (a if a else 0.5), (b if b else 0.5)
    lr.append(np.log2((aa / na) / (bb / nb)))
    t = np.array([[a, b], [na - a, nb - b]], dtype=float)
    g, p, _, _ = stats.chi2_contingency(t, correction=False, lambda_="log-likelihood")
    g2.append(-g if a / na < b / nb else g)
    gp.append(p)
carr("cmp_lr", lr)
carr("cmp_g2", g2)
carr("cmp_p", gp)

# BH: R's p.adjust(method = "BH") written out (scipy 1.10 predates
# false_discovery_control): i = n..1, o = order(p, decreasing), cummin(n/i p[o])
bp = np.array([0.01, 0.04, 0.03, 0.2, 0.04, 0.9, 0.001, 0.5, 0.04, 0.0, 1.0, 0.03])
n = len(bp)
o = np.argsort(-bp, kind="stable")
i = np.arange(n, 0, -1)
adj = np.empty(n)
adj[o] = np.minimum(1, np.minimum.accumulate(n / i * bp[o]))
if hasattr(stats, "false_discovery_control"):
    assert np.allclose(adj, stats.false_discovery_control(bp))
carr("bh_adj", adj)

# Mann-Whitney
mx = [0.5, 1.2, 1.2, 3.4, 0.0, 2.2, 5.1, 1.2, 0.7, 2.2, 4.0]
my = [0.1, 0.0, 0.9, 1.2, 0.3, 0.0, 2.2, 0.4, 0.6]
r = stats.mannwhitneyu(mx, my, alternative="two-sided", method="asymptotic", use_continuity=True)
print("#define MW_ASYM_U %s\n#define MW_ASYM_P %s" % (c(r.statistic), c(r.pvalue)))
ex = [1.5, 3.25, 0.5, 7.0, 4.5]
ey = [2.0, 0.25, 1.0, 0.75, 6.0, 0.125]
r = stats.mannwhitneyu(ex, ey, alternative="two-sided", method="exact")
print("#define MW_EXACT_U %s\n#define MW_EXACT_P %s" % (c(r.statistic), c(r.pvalue)))
r = stats.mannwhitneyu(ex, ey, alternative="two-sided", method="asymptotic", use_continuity=True)
print("#define MW_EXACT_ASYM_P %s" % c(r.pvalue))
# a larger exact case: 12 vs 10, no ties
lx = [0.3 * k + 0.01 * (k * k % 7) for k in range(12)]
ly = [0.35 * k + 0.5 + 0.013 * (k * 5 % 11) for k in range(10)]
r = stats.mannwhitneyu(lx, ly, alternative="two-sided", method="exact")
print("#define MW_BIG_U %s\n#define MW_BIG_P %s" % (c(r.statistic), c(r.pvalue)))
carr("mw_lx", lx)
carr("mw_ly", ly)

# 4. Keyness, Monroe et al. (2008) eqs. 16, 20, 22, written out in numpy;
# G2 per term via scipy chi2_contingency as above.
kg = np.array([[40, 3, 0, 12, 5, 100], [10, 9, 4, 30, 5, 120], [2, 15, 1, 8, 0, 90]], float)
yt = kg.sum(axis=0)
f = yt / yt.sum()
a0 = 1000.0
aw = a0 * f
yi = kg[0]
yj = yt - yi
ni, nj = yi.sum(), yj.sum()
delta = np.log((yi + aw) / (ni + a0 - yi - aw)) - np.log((yj + aw) / (nj + a0 - yj - aw))
z = delta / np.sqrt(1 / (yi + aw) + 1 / (yj + aw))
kg2, klr = [], []
for w in range(len(yi)):
    t = np.array([[yi[w], yj[w]], [ni - yi[w], nj - yj[w]]])
    g = stats.chi2_contingency(t, correction=False, lambda_="log-likelihood")[0]
    kg2.append(-g if yi[w] / ni < yj[w] / nj else g)
    a, b = (yi[w] or 0.5), (yj[w] or 0.5)
    klr.append(np.log2((a / ni) / (b / nj)))
carr("key_delta", delta)
carr("key_z", z)
carr("key_g2", kg2)
carr("key_lr", klr)
# alpha0 = 50
aw = 50 * f
d50 = np.log((yi + aw) / (ni + 50 - yi - aw)) - np.log((yj + aw) / (nj + 50 - yj - aw))
carr("key_z50", d50 / np.sqrt(1 / (yi + aw) + 1 / (yj + aw)))

# 5. JSD (scipy's jensenshannon is the square root of the divergence)
jx = np.array([[1, 2, 3, 0, 4], [0, 5, 1, 1, 1], [3, 3, 3, 3, 3], [0, 0, 0, 2, 0]], float)
J = np.zeros((4, 4))
for i in range(4):
    for j in range(4):
        if i != j:
            J[i, j] = jensenshannon(jx[i], jx[j], base=2) ** 2
carr("jsd_ref", J)

# CA: principal coordinates as R's ca package, numpy SVD; sign rule: the
# largest-magnitude row coordinate of each axis is positive.
T = np.array([[20, 5, 3, 12], [4, 18, 9, 2], [7, 6, 25, 4], [10, 11, 5, 9], [1, 2, 3, 15]], float)
P = T / T.sum()
rm, cm = P.sum(1), P.sum(0)
S = (P - np.outer(rm, cm)) / np.sqrt(np.outer(rm, cm))
U, sv, Vt = np.linalg.svd(S, full_matrices=False)
F = U * sv / np.sqrt(rm)[:, None]
G = Vt.T * sv / np.sqrt(cm)[:, None]
for k in range(2):
    b = np.argmax(np.abs(F[:, k]))
    if F[b, k] < 0:
        F[:, k] *= -1
        G[:, k] *= -1
inert = sv ** 2
carr("ca_row", F[:, :2])
carr("ca_col", G[:, :2])
carr("ca_share", (inert / inert.sum())[:2])
chi2 = stats.chi2_contingency(T, correction=False)[0]
print("#define CA_TOTAL %s" % c(chi2 / T.sum()))
