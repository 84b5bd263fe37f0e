"""rumor.sim: the same data as `rumor sim ... --json`, the same refusals, the GIL
released while a run goes on."""
import threading

import pytest

import rumor
from conftest import cli_error, cli_json

# Wall-clock fields: the only parts of a report that differ between identical runs
# (per_node's measured protocol CPU and its host figures among them).
WALL_CLOCK = {"wall_s", "timing"}
PER_NODE_MEASURED = {"cpu_us_per_s", "host"}


def without_wall_clock(report):
    out = {k: v for k, v in report.items() if k not in WALL_CLOCK}
    if isinstance(out.get("per_node"), dict):
        out["per_node"] = {k: v for k, v in out["per_node"].items()
                           if k not in PER_NODE_MEASURED}
    if isinstance(out.get("steady"), dict):  # the join's steady phase measures CPU too
        out["steady"] = {k: v for k, v in out["steady"].items()
                         if k != "cpu_us_per_node_per_s"}
    return out


def test_broadcast_trace_hash_matches_the_cli():
    assert rumor.sim.broadcast(nodes=200)["trace_hash"] == cli_json(
        "sim", "broadcast", "--nodes", "200")["trace_hash"]


@pytest.mark.parametrize("args,kwargs", [
    (["failure", "--nodes", "60", "--crash", "2", "--loss", "0.01"],
     {"scenario": "failure", "nodes": 60, "crash": 2, "loss": 0.01}),
    (["partition", "--nodes", "40", "--partition-time", "10", "--lifeguard", "off"],
     {"scenario": "partition", "nodes": 40, "partition_time": 10, "lifeguard": False}),
])
def test_a_scenario_returns_the_clis_json_as_a_dict(args, kwargs):
    scenario = kwargs.pop("scenario")
    got = getattr(rumor.sim, scenario)(**kwargs)
    assert without_wall_clock(got) == without_wall_clock(cli_json("sim", *args))
    assert list(got) == list(cli_json("sim", *args))  # the report's key order too


def test_the_scale_and_serf_keywords_give_the_clis_run():
    kwargs = dict(nodes=24, layer="serf", encrypt=True, memberlist_anti_entropy=True,
                  pulled_alive_transmits=1, meta_bytes=40, eager_gossip=True, steady=5)
    got = rumor.sim.join(**kwargs)
    want = cli_json("sim", "join", "--nodes", "24", "--layer", "serf", "--encrypt",
                    "--memberlist-anti-entropy", "--pulled-alive-transmits", "1",
                    "--meta-bytes", "40", "--eager-gossip", "on", "--steady", "5")
    assert got["params"]["encrypt"] is True
    assert without_wall_clock(got) == without_wall_clock(want)


def test_the_epidemic_lab_returns_the_clis_json_as_a_dict():
    kwargs = dict(algorithm="rumor", mode="push-pull", k=2, nodes=1000, trials=3, seed=7,
                  threads=1)
    got = rumor.sim.epidemic(**kwargs)
    want = cli_json("sim", "epidemic", "--algorithm", "rumor", "--mode", "push-pull", "-k", "2",
                    "--nodes", "1000", "--trials", "3", "--seed", "7", "--threads", "1")
    assert without_wall_clock(got) == without_wall_clock(want)


@pytest.mark.parametrize("kwargs,flags", [
    ({"nodes": 1}, ["broadcast", "--nodes", "1"]),
    ({"nodes": 5, "crash": 5}, ["failure", "--nodes", "5", "--crash", "5"]),
    ({"profile": "moon"}, ["broadcast", "--profile", "moon"]),
    ({"stall_order": "sideways"}, ["broadcast", "--stall-order", "sideways"]),
    ({"preconverged": True}, ["join", "--preconverged"]),
    ({"layer": "core"}, ["intent-churn", "--layer", "core"]),
    ({"layer": "edge"}, ["join", "--layer", "edge"]),
    ({"eager_gossip": "sometimes"}, ["join", "--eager-gossip", "sometimes"]),
    ({"steady": 5}, ["broadcast", "--steady", "5"]),
])
def test_bad_values_raise_value_error_with_the_clis_message(kwargs, flags):
    scenario = flags[0].replace("-", "_")
    with pytest.raises(ValueError) as e:
        getattr(rumor.sim, scenario)(**kwargs)
    assert str(e.value) == cli_error("sim", *flags)


def test_epidemic_bad_values_carry_the_clis_message():
    with pytest.raises(ValueError) as e:
        rumor.sim.epidemic(mode="shove")
    assert str(e.value) == cli_error("sim", "epidemic", "--mode", "shove")


def test_ranges_the_cli_parser_enforces_are_checked_too():
    with pytest.raises(ValueError, match=r"^--loss: must be in \[0, 1\]$"):
        rumor.sim.broadcast(loss=2.0)
    with pytest.raises(ValueError, match="^--nodes: must not be negative$"):
        rumor.sim.join(nodes=-3)
    with pytest.raises(ValueError, match=r"^--meta-bytes: must be in \[0, 512\]$"):
        rumor.sim.steady(meta_bytes=600)
    with pytest.raises(ValueError, match=r"^--pulled-alive-transmits: must be in \[0, 63\]$"):
        rumor.sim.join(pulled_alive_transmits=64)


def test_wrong_types_and_unknown_keywords_are_type_errors():
    with pytest.raises(TypeError, match="nodes must be an int, not str"):
        rumor.sim.broadcast(nodes="200")
    with pytest.raises(TypeError, match="nodes must be an int, not bool"):
        rumor.sim.broadcast(nodes=True)
    with pytest.raises(TypeError, match="unexpected keyword argument 'node'"):
        rumor.sim.broadcast(node=200)
    with pytest.raises(TypeError):
        rumor.sim.broadcast(200)  # keywords only


def test_a_run_releases_the_gil():
    started = threading.Event()
    result = {}

    def run():
        started.set()
        result["r"] = rumor.sim.steady(nodes=300, duration=60)

    t = threading.Thread(target=run)
    t.start()
    started.wait()
    spins = 0
    while t.is_alive():
        spins += 1  # only runs while the simulation has let go of the GIL
    t.join()
    assert result["r"]["scenario"] == "steady"
    assert spins > 1000
