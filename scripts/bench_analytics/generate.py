#!/usr/bin/env python3
"""Synthetic input for scripts/bench-analytics (numpy only, fixed seed, vectorised).

Writes into --work:

- ``transactions.csv`` — ``customer_id,date,amount``, exactly --transactions rows,
  ids ``C0000001``…, dates ``YYYY-MM-DD`` over three years (2022-01-01 to
  2024-12-31), amounts with two decimals, sorted by date. Every customer has at
  least one purchase (the first, on the acquisition day).
- ``survival.csv`` — ``duration,event,x1,x2,x3``, --survival-rows rows from a
  proportional-hazards model with known coefficients, censoring, and durations
  in whole days (many ties, so Efron's method matters).
- ``meta.json`` — sizes, seed and the generating parameters (the driver reuses
  the files when sizes and seed match).

The purchase process is BG/NBD (Fader, Hardie & Lee 2005): a customer is
acquired at a uniformly random time in the window with a first purchase, then
buys as a Poisson process of rate λ ~ Gamma(r, α) (per day) and drops out
after each repeat purchase with probability p ~ Beta(a, b). Given K ~
Poisson(λT) potential purchases in the customer's observed time T and the
number of repeat purchases before dropout N ~ Geometric(p), the customer makes
x = min(N, K) repeat purchases at the first x of K uniform order statistics on
(0, T) (drawn as normalised exponential spacings). α is calibrated so the
total overshoots the requested row count slightly; the excess is removed by
thinning repeat purchases uniformly at random (first purchases are never
removed), which keeps the total exactly as requested.

Spend is Gamma-Gamma (Fader, Hardie & Lee 2005b): each customer has
ν ~ Gamma(q, rate v) and each purchase amount is Gamma(p, rate ν).
"""
import argparse
import json
import os
import sys
import time

import numpy as np

START = np.datetime64("2022-01-01")
DAYS = 1096  # 2022-01-01 … 2024-12-31

BGNBD = dict(r=1.5, alpha=None, a=1.2, b=12.0)  # alpha calibrated to the requested row count
GG = dict(p=6.0, q=4.0, v=150.0)
COX = dict(beta=[0.5, -0.7, 0.8], weibull_shape=1.3, weibull_scale=420.0, max_follow_up=730, censor_max=1100)


def log(msg):
    print(f"[generate] {msg}", file=sys.stderr, flush=True)


def repeat_counts(rng_seed, G, T, N, alpha):
    """x = min(N, K), K ~ Poisson(G/alpha * T), with a fixed stream so the draw is repeatable."""
    rng = np.random.default_rng(rng_seed)
    K = rng.poisson(G / alpha * T)
    return K, np.minimum(N, K)


def write_transactions(path, cust, day, cents, n_customers):
    width = max(7, len(str(n_customers)))
    ids = np.char.add(b"C", np.char.zfill(np.arange(1, n_customers + 1).astype(f"S{width}"), width))
    id_bytes = np.frombuffer(ids.tobytes(), dtype=np.uint8).reshape(n_customers, width + 1)
    dates = (START + np.arange(DAYS)).astype("S10")
    date_bytes = np.frombuffer(dates.tobytes(), dtype=np.uint8).reshape(DAYS, 10)
    max_cents = int(cents.max())
    int_digits = max(1, len(str(max_cents // 100)))
    line = (width + 1) + 1 + 10 + 1 + int_digits + 3 + 1
    o_id, o_date, o_amt = 0, width + 2, width + 13
    chunk = 1_000_000
    with open(path, "wb") as f:
        f.write(b"customer_id,date,amount\n")
        for s in range(0, len(cust), chunk):
            c, d, m = cust[s:s + chunk], day[s:s + chunk], cents[s:s + chunk]
            rows = len(c)
            buf = np.empty((rows, line), dtype=np.uint8)
            keep = np.ones((rows, line), dtype=bool)
            buf[:, o_id:o_id + width + 1] = id_bytes[c]
            buf[:, o_id + width + 1] = ord(",")
            buf[:, o_date:o_date + 10] = date_bytes[d]
            buf[:, o_date + 10] = ord(",")
            whole = m // 100
            frac = m % 100
            # integer part, right-aligned in int_digits, leading zeros dropped (keep at least one digit)
            ndig = np.ones(rows, dtype=np.int64)
            t = whole // 10
            while np.any(t > 0):
                ndig += t > 0
                t //= 10
            v = whole.copy()
            for k in range(int_digits - 1, -1, -1):
                col = o_amt + k
                buf[:, col] = (v % 10 + 48).astype(np.uint8)
                v //= 10
                keep[:, col] = (int_digits - k) <= ndig
            buf[:, o_amt + int_digits] = ord(".")
            buf[:, o_amt + int_digits + 1] = (frac // 10 + 48).astype(np.uint8)
            buf[:, o_amt + int_digits + 2] = (frac % 10 + 48).astype(np.uint8)
            buf[:, line - 1] = ord("\n")
            f.write(buf[keep].tobytes())


def transactions(n, m, seed):
    if m < n:
        sys.exit("--transactions must be at least --customers (every customer buys at least once)")
    rng = np.random.default_rng(seed)
    birth = rng.uniform(0, DAYS, n)  # acquisition time (days since 2022-01-01, continuous)
    T = DAYS - birth  # observed time after the first purchase
    G = rng.gamma(BGNBD["r"], 1.0, n)  # λ·α
    p = rng.beta(BGNBD["a"], BGNBD["b"], n)
    N = rng.geometric(np.clip(p, 1e-12, 1.0))  # repeat purchases before dropout
    target = m - n
    # Calibrate alpha (fixed-point on the total; the Poisson stream is fixed).
    alpha = max(np.sum(G * T) / max(target, 1), 1e-9)
    for _ in range(40):
        K, x = repeat_counts(seed + 1, G, T, N, alpha)
        total = int(x.sum())
        if target == 0 or abs(total / (target * 1.01) - 1) < 0.002:
            break
        alpha *= (total / (target * 1.01)) ** 1.3
    while int(x.sum()) < target:
        alpha *= 0.99
        K, x = repeat_counts(seed + 1, G, T, N, alpha)
    BGNBD["alpha"] = float(alpha)
    log(f"alpha calibrated to {alpha:.4f}; {int(x.sum()):,} repeat purchases before thinning to {target:,}")

    # Times of the repeat purchases: the first x of K uniform order statistics on (0, T).
    total = int(x.sum())
    owner = np.repeat(np.arange(n), x)
    gaps = rng.standard_exponential(total)
    csum = np.cumsum(gaps)
    ends = np.cumsum(x)
    starts = ends - x
    offset = np.zeros(n)
    has = x > 0
    offset[has] = np.where(starts[has] > 0, csum[np.maximum(starts[has] - 1, 0)], 0.0)
    offset[has & (starts == 0)] = 0.0
    within = csum - offset[owner]
    last = np.zeros(n)
    last[has] = within[ends[has] - 1] if total else 0
    rest = np.zeros(n)
    rest[has] = rng.gamma((K[has] - x[has] + 1).astype(float), 1.0)
    denom = last + rest
    rep_time = birth[owner] + T[owner] * within / denom[owner]
    # Thin the overshoot uniformly (first purchases are never removed).
    excess = total - target
    if excess > 0:
        drop = rng.choice(total, size=excess, replace=False)
        keep = np.ones(total, dtype=bool)
        keep[drop] = False
        owner, rep_time = owner[keep], rep_time[keep]
    del gaps, csum, within
    cust = np.concatenate([np.arange(n), owner])
    day = np.floor(np.concatenate([birth, rep_time])).astype(np.int64)
    np.clip(day, 0, DAYS - 1, out=day)
    # Gamma-Gamma spend.
    nu = rng.gamma(GG["q"], 1.0 / GG["v"], n)
    amount = rng.gamma(GG["p"], 1.0, len(cust)) / nu[cust]
    cents = np.maximum(np.rint(amount * 100).astype(np.int64), 1)
    order = np.argsort(day, kind="stable")
    return cust[order].astype(np.int64), day[order], cents[order]


def survival(rows, seed):
    rng = np.random.default_rng(seed + 7)
    x1 = np.round(rng.standard_normal(rows), 4)
    x2 = (rng.uniform(size=rows) < 0.4).astype(np.int64)
    x3 = np.round(rng.uniform(0, 2, rows), 4)
    b = COX["beta"]
    eta = b[0] * x1 + b[1] * x2 + b[2] * x3
    # Weibull baseline: S0(t) = exp(-(t/scale)^shape); T = scale (E e^{-eta})^{1/shape}.
    t_event = COX["weibull_scale"] * (rng.standard_exponential(rows) * np.exp(-eta)) ** (1 / COX["weibull_shape"])
    t_censor = np.minimum(rng.uniform(0, COX["censor_max"], rows), COX["max_follow_up"])
    event = (t_event <= t_censor).astype(np.int64)
    duration = np.maximum(np.ceil(np.minimum(t_event, t_censor)), 1).astype(np.int64)
    return duration, event, x1, x2, x3


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--customers", type=int, default=1_000_000)
    ap.add_argument("--transactions", type=int, default=20_000_000)
    ap.add_argument("--survival-rows", type=int, default=None, help="default: --customers")
    ap.add_argument("--seed", type=int, default=20250101)
    ap.add_argument("--work", required=True)
    args = ap.parse_args()
    rows = args.survival_rows or args.customers
    os.makedirs(args.work, exist_ok=True)
    t0 = time.perf_counter()
    cust, day, cents = transactions(args.customers, args.transactions, args.seed)
    assert len(cust) == args.transactions, len(cust)
    assert len(np.unique(cust)) == args.customers
    t1 = time.perf_counter()
    log(f"simulated {len(cust):,} transactions of {args.customers:,} customers in {t1 - t0:.1f} s")
    tmp = os.path.join(args.work, "transactions.csv.tmp")
    write_transactions(tmp, cust, day, cents, args.customers)
    os.replace(tmp, os.path.join(args.work, "transactions.csv"))
    t2 = time.perf_counter()
    log(f"wrote transactions.csv in {t2 - t1:.1f} s")
    duration, event, x1, x2, x3 = survival(rows, args.seed)
    tmp = os.path.join(args.work, "survival.csv.tmp")
    with open(tmp, "w") as f:
        f.write("duration,event,x1,x2,x3\n")
        np.savetxt(f, np.column_stack([duration, event, x1, x2, x3]), fmt=["%d", "%d", "%.4f", "%d", "%.4f"],
                   delimiter=",")
    os.replace(tmp, os.path.join(args.work, "survival.csv"))
    log(f"wrote survival.csv ({rows:,} rows, {event.mean():.1%} events, {len(np.unique(duration))} distinct "
        f"durations) in {time.perf_counter() - t2:.1f} s")
    meta = dict(customers=args.customers, transactions=args.transactions, survival_rows=rows, seed=args.seed,
                window=[str(START), str(START + DAYS - 1)], bgnbd=BGNBD, gamma_gamma=GG, cox=COX,
                repeat_buyers=int(np.sum(np.bincount(cust, minlength=args.customers) > 1)),
                generator_version=1)
    with open(os.path.join(args.work, "meta.json"), "w") as f:
        json.dump(meta, f, indent=2)


if __name__ == "__main__":
    main()
