"""The walk-through of docs/python.md as one script:

    PYTHONPATH=build/release/python /usr/bin/python3 python/examples/walkthrough.py [out_dir]

It runs a simulated broadcast, sweeps packet loss, plots the sweep with matplotlib
(when installed) into out_dir/loss.png, compares two epidemic algorithms, and runs a
two-member Serf cluster on loopback."""
import os
import statistics
import sys

import rumor

out_dir = sys.argv[1] if len(sys.argv) > 1 else "."

# 1. One simulated broadcast: the dict `rumor sim broadcast --json` prints.
r = rumor.sim.broadcast(nodes=200, seed=1)
print(f"200 nodes: 99% had the message after {r['p99_s']:.2f} s "
      f"({r['rounds_p99']:.1f} gossip rounds), trace {r['trace_hash']}")

# 2. A sweep: does packet loss slow a broadcast down? One seed is one run, exactly
# repeatable; six seeds per point show the spread. (At 100 nodes the spread between
# seeds is larger than anything up to 30% loss changes: gossip's redundancy absorbs it.)
losses = [0.0, 0.05, 0.1, 0.2, 0.3]
seeds = range(1, 7)
runs = [[rumor.sim.broadcast(nodes=100, loss=loss, seed=s)["p99_s"] for s in seeds]
        for loss in losses]
mean = [statistics.mean(r) for r in runs]
spread = [statistics.stdev(r) for r in runs]
for loss, m, sd in zip(losses, mean, spread):
    print(f"loss {loss:4.0%}: p99 {m:.2f} s +- {sd:.2f}")

# 3. The sweep as a chart, if matplotlib is there.
try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    print("matplotlib not installed: no chart")
else:
    fig, ax = plt.subplots(figsize=(5, 3))
    ax.errorbar([100 * x for x in losses], mean, yerr=spread, marker="o", capsize=3)
    ax.set_xlabel("packet loss (%)")
    ax.set_ylabel("time to reach 99% (s)")
    ax.set_title("broadcast, 100 nodes: mean and sd of 6 seeds")
    fig.tight_layout()
    path = os.path.join(out_dir, "loss.png")
    fig.savefig(path, dpi=100)
    print(f"chart: {path}")

# 4. The epidemic lab: Demers's residue (who never hears) for push vs push-pull.
for mode in ("push", "push-pull"):
    e = rumor.sim.epidemic(algorithm="rumor", mode=mode, k=2, nodes=1000, trials=5)
    print(f"rumor mongering, {mode}, k=2: residue {e['residue']:.4f}")

# 5. A real two-member Serf cluster in this process, on loopback.
with rumor.SerfCluster("alpha", profile="local") as a, \
        rumor.SerfCluster("beta", profile="local", tags={"role": "db"}) as b:
    b.join([a.address])
    a.user_event("hello", b"from alpha")
    while (e := b.next_event(timeout=5)) is not None and e["type"] != "user":
        pass
    print("beta heard:", e and (e["name"], e["payload"]))
    print("alpha sees:", sorted(m["name"] for m in a.members()))
    b.leave(2.0)
