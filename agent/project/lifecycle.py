"""The asset lifecycle: a take is held pending on its target, a person approves or rejects it, re-use follows.

An asset stands on a target (a shot, a character, a location...) in a role through an ``AssetLink`` in one of
these named states:

- ``pending``: held for a person's decision;
- ``approved``: chosen (a newer approval in a single-asset role makes the older one ``superseded``);
- ``rejected``: turned down; it is never held pending again and never offered for re-use.

The rules every front end and job goes through:

- a take is found by its request hash, so preparing the same take again (a resumed graph, a job's delivery)
  holds the same asset and link and generates nothing;
- a decided take is never held again: the caller makes a new take (another seed) instead;
- a decision applies only to links still pending, so a replayed decision changes nothing;
- after a decision the derived re-use index is told which assets changed (``IndexPort``).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from agent.assets import StoredFile
from agent.project import library
from agent.project.changes import ChangeContext
from agent.project.errors import InvalidInputError
from agent.project.project import Project
from agent.project.schema import Asset, AssetLink, HistoryEntry

__all__ = [
    "Decision",
    "IndexPort",
    "Take",
    "TakeStatus",
    "Target",
    "decide",
    "ever_rejected",
    "hold",
    "reusable",
    "reuse",
    "take_status",
]

Target = tuple[str, int]
"""What an asset is for: (entity type, id), e.g. ``("shot", 12)``."""

TakeStatus = Literal["new", "elsewhere", "pending", "approved", "superseded", "rejected"]
"""Where one request's asset stands on a target: not made yet, made for another target, or its link's state."""

Decision = Literal["approved", "rejected"]


class IndexPort(Protocol):
    """The derived re-use index, as the lifecycle sees it."""

    def refresh(self, asset_ids: Collection[int]) -> None:
        """Re-read these assets from the project: describe the re-usable ones, drop the others."""
        ...


@dataclass(frozen=True)
class Take:
    """A stored asset held on a target: what a person is shown and what their answer applies to."""

    asset: Asset
    link: AssetLink


def take_status(session: Session, request_hash: str, target: Target, role: str) -> tuple[TakeStatus, Asset | None]:
    """Return where the asset an identical request made stands on ``target`` (and that asset, if any)."""
    asset = library.asset_by_request_hash(session, request_hash)
    if asset is None:
        return "new", None
    link = _link(session, asset.id, target, role)
    if link is None:
        # A take rejected on a shot that was since deleted (a rebuild dropped it) is still a rejected take.
        return ("rejected" if asset.id in ever_rejected(session, [asset.id]) else "elsewhere"), asset
    return link.status, asset  # type: ignore[return-value]


def ever_rejected(session: Session, asset_ids: Collection[int]) -> set[int]:
    """Return the assets among ``asset_ids`` a person rejected anywhere, even on a target deleted since.

    The links of a deleted shot go with it; the history keeps their last state, so a rejection outlives them.
    """
    ids = set(asset_ids)
    if not ids:
        return set()
    found = set(session.scalars(
        select(AssetLink.asset_id).where(AssetLink.asset_id.in_(ids), AssetLink.status == "rejected")))
    gone = session.scalars(select(HistoryEntry.before).where(HistoryEntry.entity_type == "asset_link",
                                                              HistoryEntry.op == "delete"))
    for before in gone:
        if isinstance(before, dict) and before.get("status") == "rejected" and before.get("asset_id") in ids:
            found.add(int(before["asset_id"]))
    return found


def _link(session: Session, asset_id: int, target: Target, role: str) -> AssetLink | None:
    return session.scalar(
        select(AssetLink)
        .where(AssetLink.asset_id == asset_id, AssetLink.entity_type == target[0],
               AssetLink.entity_id == target[1], AssetLink.role == role)
        .order_by(AssetLink.id.desc())
    )


def hold(
    project: Project, target: Target, role: str, *, actor: str, action: str, summary: str,
    stored: StoredFile | None = None, request_hash: str | None = None, description: str = "",
    metadata: dict[str, Any] | None = None,
) -> Take:
    """Hold a take pending on ``target`` in one change; idempotent, so a re-run holds the same link.

    A new file (``stored``) becomes an asset, charged once; a take found by ``request_hash`` is linked again.
    Raises InvalidInputError for a take a person already decided (the caller makes a new one).
    """
    meta = dict(metadata or {})
    with project.change(actor=actor, action=action, summary=summary) as ch:
        if stored is not None:
            asset = library.record_asset(
                ch, stored, description=description, metadata=meta, request_hash=request_hash,
                cost_usd=float(meta.get("cost_usd") or 0.0), provider=str(meta.get("provider", "offline")),
                model=str(meta.get("model", "")),
            )
        elif request_hash is None or (found := library.asset_by_request_hash(ch.session, request_hash)) is None:
            raise InvalidInputError("that take no longer exists (it was undone); ask for it again")
        else:
            asset = found
        return Take(asset, _pending_link(ch, asset, target, role))


def _pending_link(ch: ChangeContext, asset: Asset, target: Target, role: str) -> AssetLink:
    link = _link(ch.session, asset.id, target, role)
    if link is not None and link.status in ("approved", "rejected"):
        raise InvalidInputError(f"that take was {link.status} already; a new one is needed")
    if link is None:
        if ever_rejected(ch.session, [asset.id]):
            raise InvalidInputError("that take was rejected already; a new one is needed")
        link = library.link_asset(ch, asset, target[0], target[1], role)
    library.decide_link(ch, link, "pending")  # a superseded take held again; the shot's status follows
    return link


def decide(
    project: Project, link_ids: Collection[int], decision: Decision, *, actor: str, action: str, summary: str,
    note: str = "", index: IndexPort | None = None,
) -> list[int]:
    """Approve or reject the takes still pending among ``link_ids`` in one change; return the assets decided.

    A link decided already (a replayed decision) is left as it is; a shot's status and its stale marks follow
    the decision (``library.decide_link``). Raises InvalidInputError when none of the links exists any more.
    """
    if decision not in ("approved", "rejected"):
        raise InvalidInputError(f"unknown decision {decision!r}; use approved or rejected")
    decided: list[int] = []
    with project.change(actor=actor, action=action, summary=summary) as ch:
        links = [link for link in (ch.session.get(AssetLink, i) for i in link_ids) if link is not None]
        if link_ids and not links:
            raise InvalidInputError("that preview no longer exists (it was undone)")
        for link in links:
            if link.status == "pending":
                library.decide_link(ch, link, decision, note=note)
                decided.append(link.asset_id)
    if index is not None and decided:
        index.refresh(decided)
    return decided


def reusable(session: Session, asset_ids: Collection[int]) -> set[int]:
    """Return the assets among ``asset_ids`` that may be offered for re-use: never one a person rejected."""
    ids = list(asset_ids)
    if not ids:
        return set()
    rejected = ever_rejected(session, ids)
    present = set(session.scalars(select(Asset.id).where(Asset.id.in_(ids))))
    return present - rejected


def reuse(
    project: Project, asset_id: int, target: Target, role: str, *, actor: str, summary: str,
    index: IndexPort | None = None,
) -> Take:
    """Approve an existing asset for ``target`` without generating (noting the money saved); idempotent.

    Raises InvalidInputError for an asset a person rejected: those are never re-used.
    """
    with project.change(actor=actor, action="reuse_asset", summary=summary) as ch:
        asset = library.asset_by_id(ch.session, asset_id)
        if asset.id not in reusable(ch.session, [asset.id]):
            raise InvalidInputError(f"asset {asset_id} was rejected, so it is not re-used")
        link = _link(ch.session, asset.id, target, role)
        if link is None or link.status != "approved":  # approved already: a replay of this re-use
            link = link if link is not None and link.status == "pending" else library.link_asset(
                ch, asset, target[0], target[1], role)
            library.decide_link(ch, link, "approved")
            library.record_reuse(ch, asset, float(asset.meta.get("cost_usd", 0.0) or 0.0))
        take = Take(asset, link)
    if index is not None:
        index.refresh([asset_id])
    return take
