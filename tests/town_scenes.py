"""A small invented screenplay for resolver tests: a market town (a stall at dawn, a van, a canal)."""

from __future__ import annotations

from agent.resolver import SceneInfo

TOWN = [
    SceneInfo(1, "EXT. MARKET SQUARE - DAWN",
              "MARA (30s) sets out crates of pears. Her brother TOM counts the float.\n\n"
              "TOM\nWe're short again.\n\nMARA\nThen count slower."),
    SceneInfo(2, "INT. DELIVERY VAN - DAY",
              "Tom drives. The last delivery of the day rattles in the back.\n\n"
              "He parks. Tom finds the receipt under the seat and runs off with it."),
    SceneInfo(3, "EXT. CANAL PATH - DUSK",
              "Mara walks alone. The old delivery van rolls past behind her, horn stuck.\n\n"
              "She throws the stall keys into the canal."),
    SceneInfo(4, "EXT. MARKET SQUARE - NIGHT",
              "The stalls are dark. Mara sweeps. Tom sits on an upturned crate.\n\n"
              "TOM\nYou'd have run the place better than Dad."),
]
