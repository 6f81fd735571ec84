"""Routing examples: the offline director's knowledge of how film-makers ask for each tool, kept as data.

Tools describe themselves (name, docstring, argument schema) for any model; these phrasings exist only for the
offline director, which ranks tools by the meaning of a request against them. No eval request (evals/**) may
appear here word for word (tests/test_examples_are_not_eval_requests.py): the evals measure, they do not pin.
"""

from __future__ import annotations

__all__ = ["HANDOFF_EXAMPLES", "TOOL_EXAMPLES"]

TOOL_EXAMPLES: dict[str, tuple[str, ...]] = {
    "set_logline": (
        "pitch me a logline",
        "draft a logline about a night train",
        "give me a one-line pitch",
        "change the logline",
        "set the logline to: a conductor hides a stowaway",
        "set logline: two sisters",
    ),
    "write_outline": (
        "write an outline",
        "outline the story in beats",
        "give me the story beats",
        "write an outline for a short film about a lighthouse keeper",
        "write an outline: a heist goes wrong",
    ),
    "set_genre_tone": (
        "the genre is a coastal gothic mystery",
        "overall tone: melancholy with dry jokes",
    ),
    "draft_outline": (
        "work out a five-act structure from the logline",
        "lay out the beats in three acts",
    ),
    "show_outline": (
        "list the beats of the outline",
    ),
    "move_beat": (
        "beat 7 should come straight after beat 2",
    ),
    "write_scene_from_beat": (
        "draft scene 9 from the third beat",
    ),
    "tag_block": (
        "protect the lighthouse keeper's speech in scene 8",
    ),
    "write_scene": (
        "write a new scene in the kitchen",
        "add a scene where they argue",
        "write an opening scene",
    ),
    "rewrite_scene": (
        "punch up the dialogue in scene 1",
        "rework scene 5 to be more tense",
        "darken scene 4",
        "make scene 1 bleaker",
        "scene 2 needs to be lighter",
    ),
    "show_scene": (
        "read scene 4",
        "what happens in scene 1",
        "let me see scene 1",
    ),
    "put_character_in_scene": (
        "put her in scene 4",
        "bring Juno into scene 2",
        "add Ida to the third scene",
        "write Ruben into scene 5",
    ),
    "put_prop_in_scene": (
        "put a lantern in scene 2",
        "place the suitcase in the last scene",
        "scene 4 needs a broken clock on the wall",
        "leave an old radio on the counter in scene 1",
    ),
    "split_scene": (
        "split scene 3 at line 5",
        "cut scene 2 in two",
        "split scene 3 into two",
        "break scene 4 in half",
    ),
    "merge_scenes": (
        "merge scene 2 with the next one",
        "combine scenes 4 and 5",
        "join scenes 2 and 3 into one",
        "fold scene 3 into scene 2",
    ),
    "move_scene": (
        "move scene 5 before scene 2",
        "reorder: scene 6 should come first",
    ),
    "swap_scenes": (
        "switch scene 4 with scene 1",
        "trade places of scenes 1 and 6",
    ),
    "tag_scene": (
        "tag scene 2 as keep",
        "I love scene 3",
        "mark scene 4 for rewrite",
        "I hate scene 1",
        "add the tag flashback to scene 2",
        "label scene 3 'cold open'",
        "tag scene 5 as dream",
    ),
    "delete_scene": (
        "delete scene 5",
        "remove the fourth scene",
        "cut scene 2 from the script",
    ),
    "undo": (
        "undo",
        "undo that",
        "revert the last change",
        "undo the last 3 changes",
        "go back",
    ),
    "redo": (
        "redo",
        "redo that",
        "bring back what I undid",
        "undo the undo",
        "put it back",
        "redo the last 2",
    ),
    "restore_version": (
        "bring back the first version of scene 2",
        "bring back version 1 of scene 4",
    ),
    "compare_versions": (
        "compare scene 3 version 1 and 2",
        "what changed in scene 3",
        "diff scene 2 versions",
    ),
    "create_branch": (
        "branch scenes 7 to 8 as an alternative ending",
        "try a new ending as a branch",
        "create branch noir",
        "make a new branch named noir",
        "create a branch called noir",
    ),
    "rename_branch": (
        "rename the branch alt to pier-cut",
        "rename branch alt-ending to coda",
    ),
    "switch_branch": (
        "switch to the main branch",
        "go back to the main branch",
        "switch to branch alt-ending",
    ),
    "list_stale": (
        "what is stale",
        "what needs regenerating",
        "list outdated shots",
        "list stale items",
        "what's stale now?",
    ),
    "regenerate_stale": (
        "redo the outdated stills",
        "refresh everything that is stale",
        "regenerate what changed",
        "regenerate stale stills",
    ),
    "search_assets": (
        "find the still of the rainy platform",
        "search assets for the kitchen",
        "search the assets for brass key",
    ),
    "show_history": (
        "show the history",
        "what changed recently",
        "who changed what",
    ),
    "project_overview": (
        "what's next",
        "give me an overview",
        "where are we",
        "project status",
    ),
    "find_shot": (
        "which shot has the lighthouse in it",
        "find the shot where the kettle boils",
    ),
    "find_scene": (
        "which scene is the one on the bus",
        "find the scene where they argue",
    ),
    "add_character": (
        "add a villain",
        "create a new character",
        "add a detective called Ines",
        "introduce a love interest",
        "add a character named Vera, a ruthless auctioneer",
        "add character Vera: an auctioneer in a fur coat",
        "we need a mentor figure",
        "the story needs a rival",
    ),
    "revise_character": (
        "make Mara older",
        "change Jonas's look",
        "give Eli a red coat",
        "redesign the villain",
        "revise Ida: older, grey hair",
        "change Ida's description: a retired archivist",
        "update the character Juno",
        "revise Ruben: he hums when nervous",
    ),
    "add_location": (
        "add a location: an abandoned station",
        "create a new place",
        "add the lighthouse as a location",
        "add a location called Allotment Shed",
        "add a new location, the allotment shed",
    ),
    "revise_location": (
        "make the platform rainier",
        "change how the kitchen looks",
        "redesign the station",
        "revise the location River Bridge: fog and sodium lamps",
        "change the description of the bridge",
    ),
    "add_prop": (
        "add a prop: a brass lantern",
        "we need a pocket watch prop",
        "add an object",
    ),
    "set_art_direction": (
        "make the look neo-noir",
        "set the art direction",
        "change the palette to teal and orange",
        "give the film a warmer style",
    ),
    "revise_prop": (
        "make the lantern rustier",
        "change the brass key's description",
        "revise the prop LANTERN",
    ),
    "generate_reference": (
        "generate a reference image for Juno",
        "I want to see Mara's face",
        "show me what Ida looks like",
        "draw the river bridge as a reference",
        "design Ruben's look as an image",
        "create reference art for the lost property office",
        "make a reference image of Juno",
    ),
    "rename_character": (
        "rename Ida to Iris everywhere",
        "call Ruben Ray instead",
    ),
    "set_scene_heading": (
        "set the greenhouse scene at sunset",
        "scene 7 should happen in the afternoon",
        "make the harbour scene exterior",
    ),
    "rename_location": (
        "rename the greenhouse to the glasshouse",
        "the harbour should be called the docks from now on",
    ),
    "set_character_voice": (
        "juno's voice should be husky and slow",
        "give ruben a bright, quick voice",
        "the conductor speaks with a soft Welsh accent",
        "use ElevenLabs voice id pNInz6obpgDQGcFmaJgB for mara",
    ),
    "add_costume": (
        "add a costume for ruben: a porter's jacket with brass buttons",
        "new outfit for mara in scene 4, a borrowed cardigan",
        "design a wardrobe piece for the conductor, a peaked cap and epaulettes",
    ),
    "revise_costume": (
        "change the cardigan costume to a faded denim jacket",
        "make the porter jacket costume shabbier, patched at the elbows",
    ),
    "link_costume": (
        "ruben should only wear the porter jacket costume in scene 3",
        "link the cardigan outfit to juno instead",
    ),
    "set_location_details": (
        "the harbour office is an interior location, tag it practical",
        "label the pier location night-shoot and exterior",
    ),
    "delete_character": (
        "delete the character Eli",
        "remove Jonas from the cast",
    ),
    "break_scene_into_shots": (
        "do a shot breakdown of the first scene",
        "plan the coverage for scene 3",
        "make shot cards for scene 4",
        "break down scene 4 shot by shot",
    ),
    "set_camera": (
        "make shot 1 of scene 2 a close-up",
        "set shot 3 to a low angle",
        "dolly in on shot 2 of scene 1",
        "use a 85mm lens for shot 1",
    ),
    "set_shot_duration": (
        "make shot 2 of scene 1 last 4 seconds",
        "hold shot 3 for two seconds",
    ),
    "generate_still": (
        "draw shot 3",
        "make a still for shot 2 of scene 1",
        "storyboard the first shot of scene 4",
        "generate an image for shot 1",
        "draw shot 2 of scene 3",
    ),
    "generate_stills_for_scene": (
        "storyboard all of scene 1",
        "draw every shot of scene 3",
        "make the storyboard for the whole scene",
    ),
    "list_shots": (
        "list the shots of scene 2",
        "what shots does scene 1 have",
    ),
    "add_look": (
        "define a camera look called harbour glow: wide, 24mm, lit by low amber sodium, after Roger Deakins",
        "new cinematography look named cold office, close-ups on an 85, flat fluorescent lighting",
    ),
    "apply_look": (
        "use the harbour glow look on shot 3 of scene 2",
        "shoot every shot of scene 5 in the cold office look",
    ),
    "note_shot": (
        "note on shot 4.2: the stand-in needs a wig",
        "remind me that shot 3 of scene 6 needs rain towers",
    ),
    "tag_shot": (
        "tag shot 2 of scene 5 as pickup",
        "flag shot 1.4 vfx",
    ),
    "use_image_for_shot": (
        "use the photo I uploaded for shot 4.2",
        "put my own picture on shot 3 of scene 1 instead of the drawing",
        "make asset 12 the frame for shot 6.1",
        "I'd rather have my uploaded image as the still of shot 2 in scene 5",
    ),
    "add_shooting_note": (
        "add a shooting note to scene 2: use a crane",
        "note for scene 3: shoot at golden hour",
    ),
    "use_audio_as_music": (
        "use the song I uploaded as the film's music",
        "put my uploaded track under the whole film as the score",
    ),
    "assemble_timeline": (
        "assemble the cut",
        "put the shots on the timeline",
        "assemble scene 1",
    ),
    "add_to_timeline": (
        "add shot 2 of scene 1 to the timeline",
        "put shot 3 in the cut",
    ),
    "set_transition": (
        "crossfade into clip 3",
        "use a cut at clip 2",
        "fade to black when the film ends",
    ),
    "add_card": (
        "add a title card",
        "add credits at the end",
    ),
    "generate_video": (
        "animate shot 1 of scene 2",
        "make a video clip for shot 3",
        "generate motion for shot 1",
        "make a video of shot 1 of scene 2",
        "turn shot 2 into a clip",
        "animate shot 2 of scene 1",
    ),
    "generate_voice": (
        "record the dialogue of scene 2",
        "generate voices for scene 1",
        "voice the lines in scene 3",
    ),
    "render_animatic": (
        "make an animatic of scene 1",
        "render an animatic",
        "preview the film as an animatic",
    ),
    "render_film": (
        "render the final film",
        "export the final cut as mp4",
    ),
    "export_project": (
        "export the screenplay as fountain",
        "export an EDL",
        "export the shot list as csv",
        "export for Premiere",
        "export subtitles",
        "export the cut for DaVinci",
        "export for Final Cut",
        "export a Final Draft file",
        "bundle the project as a zip",
    ),
}
"""Phrasings per tool name (tools this table does not know are ranked by their description alone)."""

HANDOFF_EXAMPLES: dict[str, tuple[str, ...]] = {
    "writer": (
        "pitch me a logline",
        "write an outline",
        "write a new scene",
        "delete scene 5",
        "tag scene 2 as keep",
        "undo",
        "undo that",
        "compare versions of scene 2",
        "move scene 4 first",
        "split scene 2",
        "merge scenes 3 and 4",
        "branch an alternative ending",
        "what's next",
        "show the history",
    ),
    "designer": (
        "add a villain",
        "create a character",
        "make Mara older",
        "add a location",
        "add a prop",
        "set the art direction to neo-noir",
        "change the palette",
        "describe the lighthouse",
        "give the inspector a gravelly voice",
        "add a costume for the conductor",
        "the kiosk is an exterior location",
    ),
    "cinematographer": (
        "make shot 1 a close-up",
        "draw shot 3",
        "set a low angle",
        "dolly in on shot 2",
        "plan the coverage",
        "storyboard scene 1",
        "list the shots of scene 2",
        "use my uploaded picture as the frame for shot 6.2",
        "create a camera look called night glass with a 35mm lens",
        "give scene 2 the night glass look",
        "note on shot 2 of scene 4: bring the long lens",
        "tag shot 3.1 as a pickup",
    ),
    "editor": (
        "assemble the cut",
        "make an animatic of scene 1",
        "render the film",
        "add a crossfade",
        "add a title card",
        "export an EDL",
        "export the screenplay as fountain",
        "animate shot 1",
        "generate voices for scene 2",
        "export the shot list",
        "lay my uploaded song under the cut as music",
        "transcribe the interview I uploaded",
        "export captions as webvtt",
    ),
}
"""Phrasings per specialist, on top of the examples of its own tools."""

# Paperwork (issue 16): the storyboard, shot-list and breakdown exports, and reading a scene's breakdown sheet.
TOOL_EXAMPLES["export_project"] += (
    "export the storyboard as a PDF",
    "download the storyboard pdf for the crew",
    "give me the shot list on paper as a pdf",
    "export the breakdown sheets",
    "breakdown as a spreadsheet csv",
)
TOOL_EXAMPLES["project_overview"] += (
    "what is the breakdown for scene 2",
    "what does the breakdown sheet say for the bus scene",
)
HANDOFF_EXAMPLES["editor"] += ("export the storyboard pdf", "export the breakdown")

# Transcripts and captions (issue 17, item 6).
TOOL_EXAMPLES["transcribe_audio"] = (
    "transcribe the interview I uploaded",
    "make a transcript of my uploaded clip",
    "write out the words spoken in asset 9",
    "what does the voice memo I uploaded say",
)
TOOL_EXAMPLES["export_captions"] = (
    "export captions as webvtt",
    "give me a vtt caption file for the web",
    "captions of asset 4 as srt",
    "caption the uploaded interview",
)

# Generated music (issue 17, item 5): a score made from a description, not an uploaded track.
TOOL_EXAMPLES["generate_music"] = (
    "compose a slow piano score for the film",
    "generate some tense electronic music for the cut",
    "make a 40 second ambient track with strings",
    "create music: brass fanfare, upbeat",
)
HANDOFF_EXAMPLES["editor"] += ("compose a melancholy cello score for the film",)
