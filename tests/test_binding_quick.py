"""The one-pass check of a complete case never lets through what the full binding would report.

Batches score most cases through :class:`~jixiao.scoring.binding.QuickCheck`; only when it says "something is
off" does the full binding go through the case and name the problems. So the quick check must refuse every case
the full binding finds fault with, and should accept the ordinary complete ones.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from jixiao.facts.model import DepartmentYear
from jixiao.frameworks import load_framework
from jixiao.scoring.binding import bind
from jixiao.scoring.engine import scorer_for
from synthetic import department_data

FRAMEWORK = load_framework("shenzhen-department-2023")
SCORER = scorer_for(FRAMEWORK)


def _spoil(data: dict[str, Any], rng: random.Random, how: str) -> None:
    """One change of the kind officers make: an item dropped, raised or left without a reason, and so on."""
    judgements = data["judgements"]
    with_items = [k for k, v in judgements.items() if v.get("items")]
    key = rng.choice(with_items)
    items = judgements[key]["items"]
    item = rng.choice(sorted(items))
    if how == "drop_item":
        del items[item]
    elif how == "extra_item":
        items["unknown_item"] = "0.5"
    elif how == "raise_item":
        items[item] = "9"
    elif how == "cut_without_reason":
        items[item] = "0.1"
    elif how == "drop_judgement":
        del judgements[rng.choice(sorted(judgements))]
    elif how == "judge_a_formula":
        judgements["procurement_rate" if "procurement_rate" in judgements else "satisfaction"] = {"score": "1"}
    elif how == "unknown_indicator":
        judgements["no_such_indicator"] = {"score": "1"}
    elif how == "name_and_id":
        judgements["预算编制合理性"] = dict(judgements["budget_rationality"])
    elif how == "findings_unwanted":
        judgements[key]["findings"] = ["问题"]
    elif how == "findings_missing":
        judgements["budget_conformity"].pop("findings", None)
    elif how == "score_unwanted":
        judgements[key]["score"] = "1"
    elif how == "score_missing":
        judgements["effectiveness"].pop("score", None)
    elif how == "score_too_high":
        judgements["effectiveness"]["score"] = "99"
    elif how == "score_cut_without_reason":
        judgements["effectiveness"] = {"score": "1"}
    elif how == "section_missing":
        data.pop(rng.choice(["procurement", "staff", "assets", "petitions", "satisfaction", "quarters"]), None)


SPOILS = ["none", "drop_item", "extra_item", "raise_item", "cut_without_reason", "drop_judgement", "judge_a_formula",
          "unknown_indicator", "name_and_id", "findings_unwanted", "findings_missing", "score_unwanted",
          "score_missing", "score_too_high", "score_cut_without_reason", "section_missing"]


@settings(max_examples=300)
@given(seed=st.integers(0, 10**6), how=st.sampled_from(SPOILS))
def test_quick_check_agrees_with_the_full_binding(seed: int, how: str) -> None:
    rng = random.Random(seed)
    data = department_data(rng, seed)
    if how != "none":
        _spoil(data, rng, how)
    try:
        case = DepartmentYear.model_validate(data)
    except ValueError:
        return  # refused by the facts model already (an award above any item's points, say)
    quick = SCORER._check(case)
    binding = bind(case, FRAMEWORK, SCORER.plan, SCORER.presence, SCORER.lookup)
    clean = not binding.problems and not binding.missing
    if quick is not None:
        assert clean, [str(p) for p in binding.problems]
        assert quick == binding.judgements
    if how == "none":
        assert quick is not None and clean
