"""The film project's tables: one ORM class per concept, plus the immutable change log."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from agent.shot_status import SHOT_STATUSES

__all__ = [
    "Base",
    "ProjectRow",
    "Ideation",
    "Branch",
    "OutlineBeat",
    "Scene",
    "Character",
    "Location",
    "Prop",
    "Costume",
    "Look",
    "ArtDirection",
    "ShootingScriptEntry",
    "Shot",
    "Asset",
    "AssetLink",
    "TimelineClip",
    "StaleMark",
    "Change",
    "HistoryEntry",
    "LedgerEntry",
    "PHASES",
    "SHOT_STATUSES",
    "ASSET_ROLES",
]

PHASES = ("story", "design", "shooting", "generate")
ASSET_ROLES = ("headshot", "reference", "preview", "still", "clip", "voice", "render", "upload", "music")


def _now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base; ``type_annotation_map`` keeps JSON columns portable (SQLite and PostgreSQL)."""

    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON, list[str]: JSON}


class ProjectRow(Base):
    """The one project row: its name, current phase and active screenplay branch."""

    __tablename__ = "project"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    phase: Mapped[str] = mapped_column(String(16), default="story")
    active_branch_id: Mapped[int | None] = mapped_column(ForeignKey("branches.id"), nullable=True)
    title_page: Mapped[list[Any]] = mapped_column(default=list)
    preamble: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)


class Ideation(Base):
    """The idea stage: premise, logline, genre and tone."""

    __tablename__ = "ideation"
    id: Mapped[int] = mapped_column(primary_key=True)
    premise: Mapped[str] = mapped_column(Text, default="")
    logline: Mapped[str] = mapped_column(Text, default="")
    genre: Mapped[str] = mapped_column(String(100), default="")
    tone: Mapped[str] = mapped_column(String(100), default="")
    version: Mapped[int] = mapped_column(default=1)


class Branch(Base):
    """A named alternative for a run of main-line scenes (e.g. a new ending); main has no row."""

    __tablename__ = "branches"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    replaces: Mapped[list[Any]] = mapped_column(default=list)
    """Main-line scene ids this branch stands in for, in order."""
    version: Mapped[int] = mapped_column(default=1)


class OutlineBeat(Base):
    """One beat of the outline, ordered by position."""

    __tablename__ = "outline_beats"
    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(index=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    act: Mapped[int | None] = mapped_column(nullable=True)
    version: Mapped[int] = mapped_column(default=1)


class Scene(Base):
    """A screenplay scene: heading plus a Fountain body, versioned, ordered within its branch."""

    __tablename__ = "scenes"
    __table_args__ = (Index("ix_scenes_branch_position", "branch_id", "position"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    branch_id: Mapped[int | None] = mapped_column(ForeignKey("branches.id"), nullable=True)
    position: Mapped[int] = mapped_column()
    heading: Mapped[str] = mapped_column(String(300))
    label: Mapped[str | None] = mapped_column(String(20), nullable=True)
    """Scene number as written in an imported screenplay (#12A#), if any."""
    content: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list[str]] = mapped_column(default=list)
    block_tags: Mapped[list[Any]] = mapped_column(default=list)
    """Tags on blocks of the body: ``[{"text": <the block, verbatim>, "tags": [...]}]`` (see ``blocks.py``)."""
    beat_id: Mapped[int | None] = mapped_column(nullable=True, index=True)
    """The outline beat this scene was written from (an ``outline_beats`` id), if any."""
    version: Mapped[int] = mapped_column(default=1)


class Character(Base):
    """A cast member: name (uppercase, unique), look, voice."""

    __tablename__ = "characters"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    voice_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    voice: Mapped[str] = mapped_column(Text, default="")
    """How the character sounds ("low and dry"): the voice profile every voice generator is given."""
    version: Mapped[int] = mapped_column(default=1)


class Location(Base):
    """A place scenes happen in."""

    __tablename__ = "locations"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    setting: Mapped[str] = mapped_column(String(10), default="")
    """'interior', 'exterior', 'both' or '' (unknown): which side its reference images show."""
    tags: Mapped[list[str]] = mapped_column(default=list)
    version: Mapped[int] = mapped_column(default=1)


class Prop(Base):
    """An object that matters on screen."""

    __tablename__ = "props"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)


class Costume(Base):
    """A piece of wardrobe: what a character wears, in every scene or only in the scenes listed."""

    __tablename__ = "costumes"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    character_id: Mapped[int | None] = mapped_column(ForeignKey("characters.id"), nullable=True, index=True)
    scene_ids: Mapped[list[Any]] = mapped_column(default=list)
    """Scene ids it is worn in; empty means every scene of its character."""
    version: Mapped[int] = mapped_column(default=1)


class Look(Base):
    """A named cinematography look shots can use: framing, lens, lighting style and references."""

    __tablename__ = "looks"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    shot_type: Mapped[str | None] = mapped_column(String(40), nullable=True)
    lens_mm: Mapped[int | None] = mapped_column(nullable=True)
    lighting: Mapped[str] = mapped_column(Text, default="")
    references: Mapped[list[str]] = mapped_column(default=list)
    """Films, photographers or paintings the look is after, as the film-maker named them."""
    version: Mapped[int] = mapped_column(default=1)


class ArtDirection(Base):
    """The look of the film: style, palette (hex colours) and notes; references are asset links."""

    __tablename__ = "art_direction"
    id: Mapped[int] = mapped_column(primary_key=True)
    style: Mapped[str] = mapped_column(Text, default="")
    palette: Mapped[list[str]] = mapped_column(default=list)
    notes: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)


class ShootingScriptEntry(Base):
    """A technical note for a scene in the shooting script (setup, coverage, special needs)."""

    __tablename__ = "shooting_script"
    id: Mapped[int] = mapped_column(primary_key=True)
    scene_id: Mapped[int] = mapped_column(ForeignKey("scenes.id"), index=True)
    position: Mapped[int] = mapped_column()
    text: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(default=1)


shot_characters = Table(
    "shot_characters",
    Base.metadata,
    Column("shot_id", ForeignKey("shots.id"), primary_key=True),
    Column("character_id", ForeignKey("characters.id"), primary_key=True, index=True),
)
shot_props = Table(
    "shot_props",
    Base.metadata,
    Column("shot_id", ForeignKey("shots.id"), primary_key=True),
    Column("prop_id", ForeignKey("props.id"), primary_key=True, index=True),
)


class Shot(Base):
    """A shot card: what we see and how the camera sees it."""

    __tablename__ = "shots"
    __table_args__ = (UniqueConstraint("scene_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    scene_id: Mapped[int] = mapped_column(ForeignKey("scenes.id"), index=True)
    number: Mapped[int] = mapped_column()
    description: Mapped[str] = mapped_column(Text, default="")
    shot_type: Mapped[str] = mapped_column(String(40), default="medium")
    angle: Mapped[str] = mapped_column(String(40), default="eye-level")
    movement: Mapped[str] = mapped_column(String(40), default="static")
    lens_mm: Mapped[int] = mapped_column(default=35)
    duration_s: Mapped[float] = mapped_column(Float, default=3.0)
    location_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id"), nullable=True, index=True)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    source: Mapped[str] = mapped_column(Text, default="")
    """The words of the scene the card was drawn from (a dialogue line, an action sentence, the heading, a prop);
    empty for a card made by hand. A rebuild after a rewrite keeps the shot while these words still stand."""
    notes: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list[str]] = mapped_column(default=list)
    look_id: Mapped[int | None] = mapped_column(nullable=True, index=True)
    """The cinematography look (a ``looks`` id) the shot uses, if any; no foreign key: a look's removal unlinks it."""
    version: Mapped[int] = mapped_column(default=1)
    characters: Mapped[list[Character]] = relationship(secondary=shot_characters, lazy="selectin")
    props: Mapped[list[Prop]] = relationship(secondary=shot_props, lazy="selectin")


class Asset(Base):
    """A stored file (content-addressed by sha256) with what made it. Append-only."""

    __tablename__ = "assets"
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    mime: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column()
    path: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    meta: Mapped[dict[str, Any]] = mapped_column("metadata", default=dict)
    tags: Mapped[list[str]] = mapped_column(default=list)
    request_hash: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class AssetLink(Base):
    """An asset's role for an entity (a shot's still, a character's headshot...) and its approval."""

    __tablename__ = "asset_links"
    __table_args__ = (Index("ix_links_entity", "entity_type", "entity_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("assets.id"), index=True)
    entity_type: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[int] = mapped_column()
    role: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="pending")
    note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(default=1)


class TimelineClip(Base):
    """One item on the cut: a shot's clip or still held for a duration, or a title/credit card."""

    __tablename__ = "timeline_clips"
    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(index=True)
    shot_id: Mapped[int | None] = mapped_column(ForeignKey("shots.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(10), default="shot")
    text: Mapped[str] = mapped_column(Text, default="")
    duration_s: Mapped[float] = mapped_column(Float, default=3.0)
    transition: Mapped[str] = mapped_column(String(20), default="cut")
    version: Mapped[int] = mapped_column(default=1)


class StaleMark(Base):
    """A dependent that must be regenerated because a source changed, and why."""

    __tablename__ = "stale_marks"
    __table_args__ = (Index("ix_stale_entity", "entity_type", "entity_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    entity_type: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[int] = mapped_column()
    aspect: Mapped[str] = mapped_column(String(20))
    """What is outdated: 'card' (shot card), 'still', 'video', 'reference', 'text' (a scene's story source),
    'action' (a shot whose action a rewrite removed), 'voice' (a recorded line whose words changed)."""
    source_type: Mapped[str] = mapped_column(String(30))
    source_id: Mapped[int] = mapped_column()
    from_version: Mapped[int] = mapped_column()
    to_version: Mapped[int] = mapped_column()
    reason: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(default=1)


class Change(Base):
    """One user-visible change (a tool call, an import, an undo): the unit undo works on. Immutable."""

    __tablename__ = "changes"
    id: Mapped[int] = mapped_column(primary_key=True)
    actor: Mapped[str] = mapped_column(String(40))
    action: Mapped[str] = mapped_column(String(60))
    summary: Mapped[str] = mapped_column(Text, default="")
    reverts_change_id: Mapped[int | None] = mapped_column(ForeignKey("changes.id"), nullable=True, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    thread_id: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)
    """The conversation that made the change; None outside a conversation (CLI, project creation)."""


class HistoryEntry(Base):
    """One row changed by a change: before/after snapshots. Immutable (triggers refuse UPDATE/DELETE)."""

    __tablename__ = "history"
    __table_args__ = (Index("ix_history_entity", "entity_type", "entity_id", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    change_id: Mapped[int] = mapped_column(ForeignKey("changes.id"), index=True)
    entity_type: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[int] = mapped_column()
    op: Mapped[str] = mapped_column(String(10))
    version: Mapped[int | None] = mapped_column(nullable=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)


class LedgerEntry(Base):
    """Money spent (or saved by re-use) on a provider call. Append-only; undo never refunds."""

    __tablename__ = "ledger"
    id: Mapped[int] = mapped_column(primary_key=True)
    provider: Mapped[str] = mapped_column(String(40))
    model: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    cost_usd: Mapped[float] = mapped_column(Float)
    saved: Mapped[bool] = mapped_column(default=False)
    asset_id: Mapped[int | None] = mapped_column(ForeignKey("assets.id"), nullable=True)
    request_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
