"""Reference values for spec/infer/mcmc/diagnostics.spec.ts.

Transcriptions of the reference implementations in numpy/scipy (torch, Pyro and ArviZ are
not installable here): Pyro 1.8.6 `pyro.ops.stats` (effective_sample_size, split_gelman_rubin,
hpdi; autocorrelation by rfft/irfft as torch does) and ArviZ's `arviz/stats/diagnostics.py`
(_ess, _rhat, _z_scale with scipy.stats.rankdata and norm.ppf, _split_chains, _ess_bulk,
_ess_tail, _rhat_rank). Run: python3 diagnostics.py > diagnostics.json
"""
import json
import numpy as np
from scipy import stats


def next_pow2(n):
    m = 1
    while m < n:
        m *= 2
    return m


# ---- Pyro 1.8.6 ----
def pyro_autocorrelation(x):  # x: [N, C]
    N = x.shape[0]
    M2 = 2 * N  # next_fast_len(N) * 2; any length >= 2N gives the same result
    c = x - x.mean(axis=0, keepdims=True)
    f = np.fft.rfft(c, n=M2, axis=0)
    ac = np.fft.irfft(np.abs(f) ** 2, n=M2, axis=0)[:N]
    ac = ac / np.arange(N, 0, -1)[:, None]
    return ac / ac[:1]


def pyro_chain_var_stats(x):  # x: [N, C]
    N = x.shape[0]
    var_within = x.var(axis=0, ddof=1).mean()
    var_estimator = (N - 1) / N * var_within
    if x.shape[1] > 1:
        var_estimator = var_estimator + x.mean(axis=0).var(ddof=1)
    else:
        var_within = var_estimator
    return var_within, var_estimator


def pyro_ess(chains):  # [C, N]
    x = np.asarray(chains).T
    N, C = x.shape
    gamma = pyro_autocorrelation(x) * x.var(axis=0, ddof=0)
    W, V = pyro_chain_var_stats(x)
    rho = (V - W + gamma.mean(axis=1)) / V
    rho[0] = 1
    R = rho if N % 2 == 0 else rho[:-1]
    R = R.reshape(N // 2, 2).sum(axis=1)
    init = R[0]
    if R.size > 1:
        pos = np.clip(R[1:], 0, None)
        mono = np.minimum.accumulate(pos)
        tau = -1 + 2 * init + 2 * mono.sum()
    else:
        tau = -1 + 2 * init
    return C * N / tau


def pyro_split_rhat(chains):
    x = np.asarray(chains)
    half = x.shape[1] // 2
    split = np.concatenate([x[:, :half], x[:, -half:]], axis=0).T  # [n, 2C]
    W, V = pyro_chain_var_stats(split)
    return np.sqrt(V / W)


def pyro_hpdi(x, prob):
    s = np.sort(x)
    mass = s.size
    length = int(prob * mass)
    widths = s[length:] - s[: mass - length]
    i = int(np.argmin(widths))
    return [s[i], s[i + length]]


# ---- ArviZ ----
def az_autocov(ary):  # [C, N]
    n = ary.shape[1]
    m = next_pow2(2 * n)
    c = ary - ary.mean(axis=1, keepdims=True)
    f = np.fft.rfft(c, n=m, axis=1)
    f *= np.conjugate(f)
    # ArviZ returns autocorr * var, the same numbers except for a constant chain (a tail
    # indicator that never changes within a split half), where autocorr is 0/0: the lag sums / n
    # keep that case finite (variance 0), as Ignis does.
    return np.fft.irfft(f, n=m, axis=1)[:, :n] / n


def az_ess(ary):
    ary = np.asarray(ary, dtype=float)
    if (np.max(ary) - np.min(ary)) < np.finfo(float).resolution:
        return ary.size
    n_chain, n_draw = ary.shape
    acov = az_autocov(ary)
    chain_mean = ary.mean(axis=1)
    mean_var = np.mean(acov[:, 0]) * n_draw / (n_draw - 1.0)
    var_plus = mean_var * (n_draw - 1.0) / n_draw
    if n_chain > 1:
        var_plus += np.var(chain_mean, ddof=1)
    rho = np.zeros(n_draw)
    even = 1.0
    rho[0] = even
    odd = 1.0 - (mean_var - np.mean(acov[:, 1])) / var_plus
    rho[1] = odd
    t = 1
    while t < (n_draw - 3) and (even + odd) > 0.0:
        even = 1.0 - (mean_var - np.mean(acov[:, t + 1])) / var_plus
        odd = 1.0 - (mean_var - np.mean(acov[:, t + 2])) / var_plus
        if (even + odd) >= 0:
            rho[t + 1] = even
            rho[t + 2] = odd
        t += 2
    max_t = t - 2
    if even > 0:
        rho[max_t + 1] = even
    t = 1
    while t <= max_t - 2:
        if (rho[t + 1] + rho[t + 2]) > (rho[t - 1] + rho[t]):
            rho[t + 1] = (rho[t - 1] + rho[t]) / 2.0
            rho[t + 2] = rho[t + 1]
        t += 2
    ess = n_chain * n_draw
    tau = -1.0 + 2.0 * np.sum(rho[: max_t + 1]) + np.sum(rho[max_t + 1 : max_t + 2])
    tau = max(tau, 1 / np.log10(ess))
    return ess / tau


def az_z_scale(ary):
    ary = np.asarray(ary)
    rank = stats.rankdata(ary, method="average")
    rank = (rank - 3 / 8) / (ary.size - 2 * 3 / 8 + 1)
    return stats.norm.ppf(rank).reshape(ary.shape)


def az_split(ary):
    half = ary.shape[1] // 2
    return np.concatenate([ary[:, :half], ary[:, -half:]], axis=0)


def az_rhat(ary):
    n = ary.shape[1]
    between = n * np.var(ary.mean(axis=1), ddof=1)
    within = np.mean(np.var(ary, axis=1, ddof=1))
    return np.sqrt((between / within + n - 1) / n)


def az_rhat_rank(ary):
    split = az_split(ary)
    bulk = az_rhat(az_z_scale(split))
    folded = np.abs(split - np.median(split))
    return max(bulk, az_rhat(az_z_scale(folded)))


def az_ess_bulk(ary):
    return az_ess(az_z_scale(az_split(ary)))


def az_ess_tail(ary):
    lo, hi = np.quantile(ary, [0.05, 0.95])
    return min(az_ess(az_split(ary <= lo)), az_ess(az_split(ary <= hi)))


def ar1(rng, C, N, phi, offsets=None):
    x = np.zeros((C, N))
    x[:, 0] = rng.standard_normal(C)
    for t in range(1, N):
        x[:, t] = phi * x[:, t - 1] + np.sqrt(1 - phi * phi) * rng.standard_normal(C)
    if offsets is not None:
        x += np.asarray(offsets)[:, None]
    return x


rng = np.random.default_rng(20261207)
cases = {
    "ar1_0.7_4x200": ar1(rng, 4, 200, 0.7),
    "shifted_4x100": ar1(rng, 4, 100, 0.0, [0, 0, 0, 0.6]),
    "ar1_0.3_1x301": ar1(rng, 1, 301, 0.3),
    "cauchy_2x150": rng.standard_cauchy((2, 150)),
    "antithetic_2x100": ar1(rng, 2, 100, -0.6),
    "ties_3x60": np.round(ar1(rng, 3, 60, 0.5) * 2) / 2,
}
out = {}
for name, x in cases.items():
    out[name] = {
        "chains": x.tolist(),
        "pyro_ess": pyro_ess(x),
        "pyro_split_rhat": pyro_split_rhat(x),
        "ess_bulk": az_ess_bulk(x),
        "ess_tail": az_ess_tail(x),
        "rhat_rank": az_rhat_rank(x) if x.shape[0] > 1 else None,
        "hpdi_0.9": pyro_hpdi(x.ravel(), 0.9),
        "hpdi_0.5": pyro_hpdi(x.ravel(), 0.5),
        "quantiles": {str(q): float(np.quantile(x.ravel(), q)) for q in [0.05, 0.5, 0.95]},
    }
import scipy
print(json.dumps({"generator": "diagnostics.py (numpy %s, scipy %s)" % (np.__version__, scipy.__version__), "cases": out}, indent=1))
