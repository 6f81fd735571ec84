"""What a chat may change of the operator's settings: it may tighten them (draft on, lower budget), never loosen them.

The session applies it to each chat's choices and the job runtime to each job's, so both live above this module.
"""

from __future__ import annotations

from typing import Any

from agent.config import Settings

__all__ = ["tighten_settings"]


def tighten_settings(operator: Settings, values: dict[str, Any]) -> Settings:
    """Return the operator's settings tightened by a chat's choices; raise ValueError on any loosening.

    A chat may turn draft mode on, lower the budget, switch to the offline model and move the re-use
    threshold; it may never turn draft mode off, raise or remove the budget, or pick another paid model.
    """
    update: dict[str, Any] = {}
    model = str(values.get("model") or operator.model).strip() or operator.model
    if model not in (operator.model, "offline"):
        raise ValueError(f"only the operator picks the model; a chat may use '{operator.model}' or 'offline'")
    update["model"] = model
    draft = bool(values.get("draft", operator.draft))
    if operator.draft and not draft:
        raise ValueError("the operator turned draft mode on; a chat can't turn it off")
    update["draft"] = draft
    budget = float(values.get("budget_usd") or 0)
    if not budget >= 0:  # negative, or not a number at all
        raise ValueError("the budget is an amount in USD, 0 or more")
    if operator.budget_usd is not None and (budget <= 0 or budget > operator.budget_usd):
        raise ValueError(f"the budget can only go down from the operator's ${operator.budget_usd:.2f}")
    if budget > 0:
        update["budget_usd"] = budget
    if "reuse_threshold" in values:
        threshold = float(values["reuse_threshold"])
        if not 0.0 <= threshold <= 1.0:
            raise ValueError("the re-use threshold is a similarity between 0 and 1")
        update["reuse_threshold"] = threshold
    return operator.model_copy(update=update)
