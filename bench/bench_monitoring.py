"""Benchmark: light a year of in-year monitoring for many projects (绩效运行监控批量亮灯基准).

    python bench/bench_monitoring.py [--projects 50000] [--months 12] [--targets 2] [--seed 2024]

Generates departments of 50 projects each, every project with a budget, cumulative spending for each month and
quantitative targets with their values so far (generation is timed apart). Then, as ``jixiao monitor`` does for
each file: validate the figures (the same pydantic models), light every project and target at the last month,
forecast the year and build the alert list across all departments. Prints the times, the lights counted, and
the peak memory of the process.
"""

from __future__ import annotations

import argparse
import random
import resource
import time
from collections import Counter
from decimal import Decimal
from typing import Any

from jixiao.monitoring.lights import light_all
from jixiao.monitoring.model import Monitoring, load_rules
from jixiao.monitoring.tables import Monitored, alert_rows

PER_DEPARTMENT = 50


def generate(projects: int, months: int, targets: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    files = []
    for d in range(0, projects, PER_DEPARTMENT):
        rows = []
        for p in range(min(PER_DEPARTMENT, projects - d)):
            budget = Decimal(rng.randint(10_000, 5_000_000)) / 100
            pace = rng.uniform(0.4, 1.2)  # how fast this project spends against an even year
            spent, spending = Decimal(0), {}
            for m in range(1, months + 1):
                step = budget * Decimal(str(round(pace * rng.uniform(0.5, 1.5) / 12, 4)))
                spent = min(budget, (spent + step).quantize(Decimal("0.01")))
                spending[m] = spent
            goals = []
            for t in range(targets):
                goal = rng.randint(100, 20_000)
                progress = {m: f"{int(goal * min(1.0, pace * m / 12))}人次" for m in range(3, months + 1, 3)}
                goals.append({"name": f"指标{t + 1}", "value": f"≥{goal}人次", "progress": progress})
            rows.append({"name": f"项目{d + p + 1}", "budget": budget, "spending": spending, "targets": goals})
        files.append({"department": {"name": f"部门{d // PER_DEPARTMENT + 1}"}, "year": 2024, "projects": rows})
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=50_000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--targets", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    rules = load_rules()

    start = time.perf_counter()
    files = generate(args.projects, args.months, args.targets, args.seed)
    generated = time.perf_counter() - start

    start = time.perf_counter()
    context = {"unit": "万元", "causes": rules.causes}
    loaded = [Monitoring.model_validate(f, context=context) for f in files]
    validated = time.perf_counter() - start

    start = time.perf_counter()
    monitored = [Monitored(f"部门{i + 1}", m, tuple(light_all(m.projects, rules))) for i, m in enumerate(loaded)]
    _, alerts = alert_rows(monitored)
    lit = time.perf_counter() - start

    spending = Counter(p.light.value for item in monitored for p in item.projects)
    target = Counter(t.light.value for item in monitored for p in item.projects for t in p.targets)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"项目 {args.projects:,} 个 × {args.months} 个月，每个项目 {args.targets} 项目标（{len(files):,} 个部门）")
    print(f"生成数据：{generated:.2f} s（不计入）")
    print(f"读取校验：{validated:.2f} s")
    print(f"亮灯、预计全年与预警清单：{lit:.2f} s（{args.projects / lit:,.0f} 个项目/秒）")
    print(f"合计：{validated + lit:.2f} s；峰值内存 {peak:,.0f} MiB")
    print("支出进度：" + "，".join(f"{k} {v:,}" for k, v in sorted(spending.items())))
    print("目标进度：" + "，".join(f"{k} {v:,}" for k, v in sorted(target.items())))
    print(f"预警 {len(alerts):,} 项")


if __name__ == "__main__":
    main()
