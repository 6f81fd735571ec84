"""The words a change needs before the director makes it (offline-model knowledge, kept as data).

Meaning-based ranking picks the likeliest tool; a tool that changes the project is only called when
the request also carries one of its cue words ("merge", "swap", "logline", a tone for a rewrite...).
A request that matches a tool by meaning but not by cue gets a question, never a write. Read-only
tools need no cue. Tools unknown to this table (a real deployment's extra tools) need none either.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from functools import cache

from agent.formats.script_terms import AMBIENT_SOUND, WARDROBE_WORDS
from agent.llm.offline.genres import GENRES

__all__ = ["CREATION", "QUOTED", "SINGLE_QUOTED", "UNTAG", "apostrophe_owned", "correct_names", "correct_spelling",
           "cue_words", "has_cue", "inflected", "is_comparative", "real_words", "strong_cue", "tool_cues", "unquoted"]

_SCENE_REF = r"(?:scene|sc\.?\s*\d|sequence|bit|part|opening|ending|one)"
_TONES = (r"dark\w*|bleak\w*|grim\w*|sinister|scar(?:y|ier)|creep\w*|tens\w*|sad\w*|funn\w*|light\w*|warm\w*|"
          r"hope\w*|happ\w*|romantic|quiet\w*|loud\w*|short\w*|longer|tight\w*|punch\w*|moodier|moody|gritt\w*|"
          r"angr\w*|calm\w*|slower|faster|pacier|pacing|urgent|emotional|intense|subtle\w*|colder|cold|hotter|"
          r"spook\w*|eerie\w*|menac\w*|bitter\w*|sweet\w*|dramatic|comic\w*|absurd|weird\w*|strange\w*|noir|"
          r"melanchol\w*|tragic|uplifting|joyful|playful|brutal|violent|gentle\w*|tender\w*|terse|wordier|"
          r"snapp\w*|crisp\w*|poetic|lyrical|mysterious|suspense\w*|nervous|anxious|desperate|frantic")
CREATION = (r"\b(?:add|adding|new|another|extra|additional|create|introduce|invent|need|needs|want|insert|cast|"
            r"one more|there should be|there's a|we should have|bring in)\b")

TIMES = (r"(?:day|daytime|day-time|night|nighttime|night-time|dawn|dusk|morning|evening|afternoon|sunset|sunrise|"
         r"midnight|noon|midday|golden hour|magic hour|twilight|first light|"
         r"(?:late|early)\s+(?:evening|afternoon|morning|night))")
_TO_A_BRANCH = r"\b(?:open|reopen|hop|return\s+me|take\s+me)\b[^.;]*\b(?:main|[a-z0-9]+-[a-z0-9-]+)\b"
"""Main again, or a branch by its slug ("hop over to main", "reopen wet-deck"): a switch, in both cue tables."""
HEADING_CHANGE = (rf"\b(?:change|switch|move|moved|set|make|turn|shift|put\s+(?:it|this|that|scene\s+\d+)|"
                  rf"should\s+be|could\s+be|needs?\s+to\s+be|"
                  rf"is\s+now|happen|happens|happening|take\s+place)\b[^.;]*?\b(?:to|at|into|be|by|in\s+the|during|"
                  rf"(?:just\s+|right\s+|shortly\s+)?(?:before|after))\s+(?:the\s+)?"
                  rf"(?:{TIMES}\b(?!\s+(?:scene|one|bit|version)\b)|(?:interior|exterior|inside|outside|indoors|outdoors)\b)|"
                  rf"\b(?:make|turn)\s+(?:it|this|scene\s+\d+|the\s+[\w\s]+?)\s+(?:into\s+)?an?\s+{TIMES}\s+(?:scene|one)\b|"
                  rf"\b(?:int|ext)\.?\s+(?:not|instead of|rather than)\s+(?:int|ext)\b|\btime of day\b|"
                  rf"\b(?:should|could|needs?\s+to|has\s+to|must)\s+be\s+(?:an?\s+)?(?:interior|exterior|outside|inside|"
                  rf"outdoors|indoors)\b|\bmake\s+(?:it|this|scene\s+\d+|the\s+[\w\s]+?)\s+(?:an?\s+)?(?:interior|exterior|int|ext)\b|"
                  rf"\b(?:should|could|needs?\s+to|has\s+to|must)\s+be\s+(?:set\s+)?(?:at\s+|in\s+the\s+)?{TIMES}\b"
                  rf"(?!\s+(?:scene|one|bit|version|light)\b)|"
                  rf"\b{TIMES},?\s+(?:not|instead\s+of|rather\s+than)\s+(?:at\s+)?{TIMES}\b|"
                  rf"(?:->|→|=>)\s*{TIMES}\b|"
                  rf"\b(?:is|be)\s+(?:an?\s+)?(?:int|ext)\b\.?(?!\w)|"
                  rf"\bscene\s+\d+\s+is\s+(?:set\s+)?(?:at\s+|in\s+the\s+)?{TIMES}\b(?!\s+(?:scene|one|bit|version|light)\b)|"
                  rf"\b(?:make|turn)\s+(?:it|this|that|scene\s+\d+|the\s+(?:[\w'-]+\s+){{0,3}}?(?:scene|one))\s+{TIMES}\b"
                  rf"(?!\s+(?:scene|one|bit|version|light)\b)|"
                  rf"(?:->|→|=>)\s*(?:(?:int|ext)\b\.?|{TIMES}\b)")
"""A scene's heading changing: its time of day ("set scene 5 at dusk") or interior/exterior."""

_NEW_ONE = (r"\b(?:write|add|draft|insert|put\s+in)\s+(?:a|another)\s+(?:(?:new|short|quick|little|brief|small)\s+)*"
            r"one\s+(?:of|where|with|about|in\s+which|at|on)\b")
"""A new scene called "one" ("after the ferry scene, add a quick one of him fishing")."""
_CUES: dict[str, str] = {
    "set_logline": r"\blog\s?line|\bpitch|\bpremise|\bone[- ]liner|\bone[- ]line\b",
    "set_genre_tone": r"\bgenre|\b(?:the\s+)?(?:film'?s|movie'?s|overall|whole)\s+tone\b|\btone\s*:|"
                      r"\bmake\s+(?:it|the film|the movie)\s+an?\s+(?:[\w-]+\s+)?(?:thriller|comedy|horror|drama|noir|"
                      r"western|romance|melodrama|mystery)\b",
    "draft_outline": r"\b(?:draft|build|sketch|make|generate|create|lay out|work out)\b[^.;]*"
                     r"\b(?:outline|beats|structure)\b[^.;]*\b(?:from|acts?)\b|\b(?:three|five|3|5)[- ]acts?\b",
    "show_outline": r"\b(?:show|list|read|see)\b[^.;]*\b(?:outline|beats)\b|\bwhich scenes?\b[^.;]*\bbeat",
    "move_beat": r"\bbeat\s+\d+\b[^.;]*\b(?:to|before|after|up|down|first|last)\b|\bmove\b[^.;]*\bbeat\b",
    "write_scene_from_beat": r"\bfrom\s+(?:the\s+)?(?:act\s+\w+'?s?\s+)?(?:\w+\s+)?beat\b|\bact\s+\w+'s\s+beat\b",
    "tag_block": r"\b(?:line|paragraph|speech|block)\b[^.;]*\b(?:love|keep|hate|rewrite|tag|mark|untag|protect)\b|"
                 r"\b(?:love|keep|hate|tag|mark|untag|protect)\b[^.;]*\b(?:line|paragraph|speech|block)\b",
    "write_outline": r"\boutline|\bbeats?\b|\bbeat sheet|\bstructure|\b(?:three|five|3|5)[- ]act",
    "write_scene": rf"(?:{CREATION}|\bwrite\s+(?:a|an|one|me\s+a)\b)\s+(?!to\b)(?:[\w'-]+\s+){{0,3}}?"
                   r"(?:scene|sequence)\b(?!\s*\d)|" + _NEW_ONE,  # "I want scene 4 to ..." is that scene
    "rewrite_scene": rf"(?<!before\sthe\s)(?<!before\smy\s)(?<!undo\sthe\s)"  # "how it was before the rewrite"
                     rf"\b(?:re-?write|redo|re-?work|revise|polish|punch(?:\s+\w+)?\s+up|tighten|trim|sharpen|"
                     rf"darken|lighten|soften|(?<!the\s)edit|more|less|fewer|{_TONES})\b",  # "in the edit": the cut
    "put_character_in_scene": r"\b(?:put|bring|add|write|include|place|insert|have|let|get)\b[^.;]*\b(?:in|into|to)\b",
    "put_prop_in_scene": r"\b(?:put|stick|pop|slip|drop|bring|add|place|set|leave|have|has|needs?|holds?|holding|"
                         r"carr(?:y|ies|ying)|"
                         r"finds?|with|there's|there is|give|turn up|turns up|show up|shows up|appear|appears|"
                         r"reappear|come back|comes back|return|returns)\b[^.;]*\b(?:in|into|on|onto|under|at)\b|"
                         r"\b(?:add|bring|put)\b[^.;]*\bto\s+(?:the\s+[\w\s'-]*?scene|scene\s+\d+|sc\s?\d+)",
    "set_scene_heading": rf"{HEADING_CHANGE}",
    "split_scene": r"\bsplit|\bdivide|\b(?:cut|break|chop)\b[^.;]*\b(?:in|into)\s+(?:two|half|2)\b",
    "merge_scenes": r"\bmerge|\bcombine|\bfold|\bjoin|\bfuse|\bcollapse",
    "move_scene": r"\bmove|\breorder|\border\b|\bto\s+position\s+\d|"
                  r"\bto\s+the\s+(?:very\s+)?(?:end|start|beginning|top|front)\b|"
                  r"\b(?:open|start|begin|end|close|finish)(?:s|es)?\s+(?:the\s+(?:film|movie|short)\s+)?(?:on|with)\b|"
                  r"\bput\b[^.;]*\b(?:before|after|first|last|start|end|beginning)\b|"
                  r"\bshift|\bbump|\bcomes?\s+(?:straight\s+|right\s+|just\s+|directly\s+)?(?:before|after|first|last)|"
                  r"\b(?:should|must|needs?\s+to)\s+(?:come|go|be)\s+(?:straight\s+|right\s+|just\s+|directly\s+)?"
                  r"(?:before|after|first|last|second|third)\b|\bso\s+it'?s\s+(?:the\s+)?\w+$",
    "swap_scenes": r"\bswap|\bswitch\b[^.;]*\bscenes?\b|\bflip|\btrade|\bexchange|\binterchange",
    "tag_scene": r"\btag|\bflag|\bmark|\blabel|(?<!i'd )(?<!i would )(?<!would )\blove(?!\s+(?:to|it if|if))|\bhate|"
                 r"\bkeep(?!s\b|ing\b)(?!\s+(?:the|a|an|his|her|their|its|hold|quiet|going|looking|walking|on)\b)"
                 r"(?!\s+(?:it|this|that|them|scene\s+\d+)\s+(?:lean|short|shorter|tight|tighter|simple|brief|snappy|"
                 r"punchy|moving|tense|quiet|fast|pacy|slow|light|dark|grounded|subtle|understated|natural|minimal|"
                 r"sparse|spare|crisp|focused|under|below|small|low-key|real|raw|bleak|funny|fun|warm|cold)\b)|"
                 # "keep it lean" is how to write it, never the keep tag
                 r"\bfavou?rite|\bstar\b|^\W*(?:(?:please|pls|can\s+you|could\s+you)\s+)?(?:heart|fave?)\b|\bunflag|\buntag|"
                 r"\badore\b|\bgive\b[^.;]*\ba\s+(?:heart|star)\b",
    "delete_scene": r"\bdelete(?!d\b)|\bremove(?!d\b)|(?<!hard )(?<!straight )(?<!jump )(?<!smash )(?<!match )\bcut\b"
                    r"(?!\s+(?:to|between|into|from|away|back|down|it down|on))"
                    r"(?!\s+(?:it|this|that|scene\s+\d+|the\s+(?:[\w'-]+\s+){0,2}?(?:scene|bit|one))\s+(?:down|back|short|by)\b)"
                    r"(?!\s+(?:a|some|one|two|three|a\s+few|a\s+couple\s+of|\d+)\s+(?:lines?|words?|beats?|seconds?)\b)"
                    r"(?!\s+(?:some|a\s+bit|a\s+lot|most|part|half|a\s+little|bits)\s+of\b)|\bdrop(?!ped\b)|\bkill(?!ed\b)|\bscrap|\bbin\b|"
                    r"\bget rid|\blose\b|\bditch|\berase|\btake\s+out\s+(?:the\s+)?(?:[\w'-]+\s+){0,3}?scene\b|"
                    r"\btake\s+(?:scene\s+\d+|the\s+(?:[\w'-]+\s+){0,3}?scene)\s+out\b",
    "add_character": rf"(?:{CREATION}|\bwe need|\bgive (?:us|me))[^.;]*\b(?:character|villain|hero|mentor|person|man|"
                     rf"woman|girl|boy|kid|child|friend|sidekick|cop|detective|stranger|role|antagonist|"
                     rf"protagonist|neighbou?r|mother|father|sister|brother|figure|inspector|driver|officer|"
                     rf"guard|watchman|seller|clerk|nurse|doctor|teacher|priest|waiter|waitress|owner|keeper|"
                     rf"thief|ghost|musician|passenger|customer|boss|partner|lover|rival|stranger)s?\b|"
                     rf"\b(?:add|introduce|cast)\s+[A-Z][a-z]+|\b(?:add|introduce|cast)\s+\w+,\s+(?:a|an|the)\b|"
                     rf"\b(?:add|introduce|need|bring\s+in)\s+(?:\w+\s+){{1,2}}?(?:to|in|into)\s+(?:the|our)\s+cast\b",
    "revise_character": r"\b(?:revise|change|make|give|update|describe|edit|age|older|younger|taller|rewrite|"
                        r"adjust|she|he|they|is|has|walks|wears|should|needs|carries|limps|speaks|talks|wants|uses|"
                        r"drinks|smokes|sings|hums|reads|owns|keeps|hates|loves|fears|misses|collects|works|lives|"
                        r"drives|dresses|can|looks|seems|gets|becomes|sounds|smells|was|had|never|always)\b|:",
    "rename_character": r"\brename|\bcall\b[^.;]*\binstead|\bchange\b[^.;]*\bname|\bname\b[^.;]*\bto\b|"
                        r"\bbe called\b|\bis (?:now )?called\b|\bcall\s+[A-Za-z]+\s+['\"“]?[A-Za-z]+['\"”]?"
                        r"(?:\s+(?:instead|from now on|everywhere|throughout|please))*\s*$|\bgoes by\b|\bknown as\b|"
                        r"\w\s*(?:->|→|=>)\s*\w",
    "rename_location": r"\brename|\bcall\b[^.;]*\binstead|\bchange\b[^.;]*\bname|\bname\b[^.;]*\bto\b|"
                       r"\bbe called\b|\bis (?:now )?called\b|\bknown as\b",
    "delete_character": r"\bdelete(?!d\b)|\bremove(?!d\b)|\bcut\b|\bdrop(?!ped\b)|\bkill off|\bkill\b[^.;]*\boff\b|"
                        r"\bwrite\b[^.;]*\bout\b|"
                        r"\b(?:take|cut)\s+[a-z][\w'-]*\s+out\s+of\s+(?:the\s+)?(?:whole\s+|entire\s+)?(?:film|movie|script|cast|"
                        r"characters|character\s+list|cast\s+list|line-?up|"
                        r"screenplay|story|project|picture|thing)\b(?!\s+(?:scenes?|ones?|bit|part))|"
                        r"\btake\s+[a-z][\w'-]*\s+out(?:\s+(?:entirely|completely|altogether|for\s+good))?\s*[.!]*$|"
                        r"\bget rid|\berase",
    "add_location": rf"{CREATION}[^.;]*\b(?:location|place|set|spot|room|house|street|venue)s?\b|\b(?:add|create)\s+"
                    rf"(?:the\s+|a\s+|an\s+)?[A-Za-z]+\s+as\s+a\s+location",
    "revise_location": r"\b(?:revise|change|make|update|describe|edit|redress|rewrite|adjust|is|has|smells|looks|feels|"
                       r"sounds|seems|should)\b",
    "add_prop": rf"{CREATION}[^.;]*\b(?:prop|object|item|thing)s?\b|\b(?:add|create)\s+(?:a|an|the)\s+\w+\s+prop|"
                rf"\b(?:should|could|must)\s+be\s+(?:a|an)\s+prop\b|\bas\s+(?:a|an)\s+prop\b",
    "revise_prop": r"\b(?:revise|change|make|update|describe|edit|rewrite|adjust|is|has|smells|looks|feels|should)\b",
    "set_art_direction": r"\bart direction|\blook\b|\bstyle|\bpalette|\baesthetic|\bcolou?r|\bgrade|\bgrading|"
                         r"\bvisual|\btone of the film|\bfeel\b",
    "generate_reference": r"\bheadshot|\breference|\bportrait|\blooks? like|\bconcept|\bpicture of|\bimage of|"
                          r"\bphoto of|\bsee (?:her|him|them|what|\w+'s)|\bface\b|\bdesign sheet|\bmood ?board",
    "break_scene_into_shots": r"\bshots\b|\bshot list|\bcoverage|\bbreak\b[^.;]*\bdown|\bshot\s+breakdown|\bshoot\b|"
                              r"\bshot[- ]by[- ]shot|\bplan\b[^.;]*\bcamera|"
                              r"^\W*break\s+(?:up\s+)?(?:sc\.?\s*|scene\s+)?\d+\b",
    "set_camera": r"\bangle|\blens|\d+\s*mm\b|\bon an?\s+\d+|\bclose[- ]?up|\bwide|\bdolly|\bpush|\bpull|\bpan\b|"
                  r"\btilt|\bhandheld|\bhand-held|\bframing|\bframe\b|\bcrane|\bzoom|\btrack|\bdutch|\boverhead|"
                  r"\bpov\b|\bstatic|\bsteadicam|\bmedium|\binsert|\bover[- ]the[- ]shoulder|\btighter|\bwider|"
                  r"\b(?:get|go|push|move)\s+in\s+closer|"
                  r"\blow\b|\bhigh\b|\bbird|\b(?:ecu|xcu|cu|mcu|ms|mws|ws|ews|els|ots)\b|\b(?:two|2)[- ]shot|"
                  r"\beye[- ]level|\blocked[- ]off|\bgimbal|\bwhip",
    "generate_still": r"\bstill|\bstoryboard|\bframe\b|\bdraw|\bsketch|\bpicture|\bimage|\bboard\b|\bgenerate|"
                      r"\bvisuali[sz]e|\bshow me what",
    "generate_stills_for_scene": r"\bstills|\bstoryboards|\bboards|\bdraw\b|\bgenerate|\bsketch|\bimages|"
                                 r"\bpictures|\bstoryboard",
    "use_image_for_shot": r"\b(?:use|put|make|have|want|take)\b[^.;]*\b(?:upload\w*|my own|my|asset\s*#?\s*\d+|"
                          r"this (?:image|picture|photo|one)|that (?:image|picture|photo))\b|\bupload(?:ed)?\b",
    "set_character_voice": r"\bvoice\b|\bvoice[- ]?id|\bsounds?\b|\baccent|\bspeaks?\b|\btalks?\b",
    "add_costume": r"\bcostumes?\b|\bwardrobe\b|\boutfits?\b",
    "revise_costume": r"\bcostumes?\b|\bwardrobe\b|\boutfits?\b",
    "link_costume": r"\b(?:costumes?|wardrobe|outfits?)\b[^.;]*\b(?:in|for|to|only|just|link|move|give|wears?)\b|"
                    r"\b(?:in|for|to|only|just|link|move|give|wears?)\b[^.;]*\b(?:costumes?|wardrobe|outfits?)\b",
    "add_look": r"\blooks?\b[^.;]*\b(?:called|named|lighting|lens|lit|mm)\b|\b(?:camera|cinematography|cinematic|"
                r"shooting|lighting)\s+look\b|\bnew\s+look\b|\b(?:define|create|add)\b[^.;]*\blook\b",
    "apply_look": r"\b(?:use|apply|give|put|shoot|in)\b[^.;]*\blook\b|"
                  r"\blook\b[^.;]*\b(?:on|to|for)\s+(?:shot|scene|every|all)",
    # A "shooting note" is the scene's (add_shooting_note), even when it names a shot.
    "note_shot": r"(?<!shooting )\b(?:note|remind\w*|remember)\b[^.;]*\bshot\b|"
                 r"\bshot\b[^.;]*(?<!shooting )\b(?:note|remind\w*|remember)\b",
    "tag_shot": r"\b(?:tag|flag|mark|label|untag)\w*\b[^.;]*\bshot\b|"
                r"\bshot\b[^.;]*\b(?:tag|flag|mark|label|untag)\w*\b",
    "set_location_details": r"\b(?:interior|exterior|inside|outside|indoors?|outdoors?)\b|"
                            r"\b(?:tag|flag|mark|label)\w*\b",
    "use_audio_as_music": r"\bmusic\b|\bscore\b|\bsoundtrack\b|\bsong\b|\btheme tune\b",
    "add_shooting_note": r"\bnote|\bremind|\bremember",
    "set_shot_duration": r"\bseconds?\b|\bsecs?\b|\d\s*s\b|\blast(?:s|ing)?\b|\bhold|\blonger|\bshorter|\bduration|"
                         r"\blength|\btime\b",
    "assemble_timeline": r"\bassemble|\btimeline|\brough cut|\bedit\b[^.;]*\btogether|\bstring\b|\blay\b|"
                         r"\bput\b[^.;]*\btogether|\bcut\b[^.;]*\btogether",
    "add_to_timeline": r"\btimeline|\bappend|\badd\b[^.;]*\bto the (?:cut|edit)",
    "set_transition": r"\btransition|\bcross-?\s?fade|\bx-?fade|\bdissolve|\bfade|\bwipe|\bcut to(?!\s+the\s+bone)|"
                      r"\bhard cut|\bmix\b",
    "add_card": r"\btitle card|\bcard\b|\bcredits|\btitle\b|\bintertitle|\bend card",
    "generate_video": r"\banimate|\bvideo|\bclip|\bmotion|\bmoving|\bmove\b",
    "generate_voice": r"\bvoice|\bvoices|\bread\b[^.;]*\blines|\brecord|\bvo\b|\bvoice-?over|\baudio|\bspeak|"
                      r"\bhear\b(?!\s+" + AMBIENT_SOUND + r")|"  # "hear birds at dawn" is the scene's sound
                      r"\bread\s+(?:out|aloud)|\bout\s+loud|"
                      r"\bdialogue track|\btts\b",
    "render_animatic": r"\banimatic|\bslideshow|\bstoryboard (?:reel|video|movie)",
    "render_film": r"\brender|\bfinal cut|\bfinal film|\bmaster\b|\bfinal version|\bexport the (?:film|movie|cut)|"
                   r"\bmake the (?:movie|film|cut)\s*$",
    "export_project": r"\bexport|\bsave\b[^.;]*\bas\b|\bdownload|\bfountain|\bfdx|\bfinal draft|\botio|\bedl\b|"
                      r"\bxml|\bcsv|\bsrt|\bsubtitles|\bbundle|\bzip|\bpdf|\bshot ?list|\bbreakdown|\bprintable\b|"
                      r"\bprint-ready\b|\bhard ?copy\b",
    "generate_music": r"\b(?:compose|generate|create|write)\b[^.;]*\b(?:music|score|soundtrack|track|theme)\b|"
                      r"\bmake\s+(?:(?:some|a|an|new|the)\s+)?(?:[\w-]+\s+){0,2}?(?:music|score|soundtrack|theme)\b"
                      r"(?!\s+\w+er\b)|"
                      r"\b(?:music|score|soundtrack)\b[^.;]*\b(?:generated|composed)\b|"
                      r"^\W*(?:(?:some|a|an|new)\s+)?(?:music|score|soundtrack)\s*[:—–]|"
                      r"\b(?:need|want|like|could\s+(?:use|do\s+with))\s+(?:some|a|an)\s+(?:new\s+|proper\s+)?"
                      r"(?:[\w-]+\s+)?(?:music|score|soundtrack)\b",
    "transcribe_audio": r"\btranscri\w*|\bwhat\b[^.;]*\bsays?\b|\bwords\b[^.;]*\bspoken\b",
    "export_captions": r"\bcaption\w*|\bvtt\b|\bwebvtt\b|\btranscript\w*",  # "srt" alone: export_project
    "undo": r"\bundo|\brevert|\bgo back\b|\btake\b[^.;]*\bback|\broll\s?back|\bback out|\bscratch that|"
            r"\bnever ?mind\b",
    "redo": r"\bredo|\bre-do|\bundo the undo|\bput it back|\bbring it back|\breapply|\bre-apply|\bdo it again",
    "restore_version": r"\brestore|\bbring back|\bput back|\bgo back to\b[^.;]*\bversion|"
                       r"\bback\s+(?:to\s+)?(?:how|the way)\s+it\s+(?:was|read|looked)|"
                       r"\brevert\b[^.;]*\b(?:version|draft)|\boriginal|\bversion\s*\d|"
                       r"\b(?:first|old|older|previous|earlier)\s+(?:draft|cut)\b|"
                       r"\b(?:how|the way)\b[^.;]*\b(?:was|were|read|looked)\b[^.;]*\b(?:before|at first|originally)\b|"
                       r"\bfirst version|\bold version|\bprevious version|\bearlier version|\bv\d",
    "create_branch": r"\bbranch|\balternat|\balt\b|\bfork|\bvariant|\bexperiment",
    "rename_branch": r"\bbranch",
    "switch_branch": r"\bswitch|\bgo back to\b|\bback (?:on)?to\b|\bback on (?:the )?main\b|"
                     + _TO_A_BRANCH + r"|"
                     r"\bcheck ?out|\buse the\b[^.;]*\bbranch|\bchange to|"
                     r"\breturn to (?:the )?main\b",
    # Read-only tools: a command (not a question) still has to ask for them in so many words.
    "show_scene": r"\bshow|\bread\b|\bsee\b|\bdisplay|\bprint|\bopen\b|\bview\b|\blook at|\bpull up|\bremind",
    "list_shots": r"\bshots\b|\bshot list|\blist",
    "compare_versions": r"\bcompare|\bdiff|\bdifferen|\bchanged|\bvs\.?\b|\bversus",
    "find_shot": r"\bwhich shot|\bfind\b[^.;]*\bshot|\bwhat shot",
    "find_scene": r"\bfind|\bwhich scene|\bwhere\b|\blocate|\blook for",
    "search_assets": r"\bsearch|\bfind|\blook for|\balready|\bexisting|\breuse|\bre-use",
    "project_overview": r"\boverview|\bstatus|\bnext\b|\bsummar|\brecap|\bprogress|\bwhere are we|\blogline|\boutline|"
                        r"\bcast\b|\bruntime|\bspent|\bbudget",
    "show_history": r"\bhistory|\bchanges|\blog\b|\bchangelog",
    "list_stale": r"\bstale|\boutdated|\bout of date",
    "regenerate_stale": r"(?:\bregenerate|\bre-generate|\brefresh|\bredo|\bupdate|\brebuild|\bremake|\bredraw)"
                        r"[^.;]*(?:\bstale|\boutdated|\bout of date|\bchanged|\bold|\beverything|\ball)|"
                        r"\bregenerate stale",
}
_CUES_COMPILED: dict[str, re.Pattern[str]] = {k: re.compile(v, re.I) for k, v in _CUES.items()}

_STRONG: dict[str, str] = {
    "rename_character": r"\brename|\bbe called\b|\bis (?:now )?called\b|\bcall\s+\w+\s+['\"“]?\w+['\"”]?"
                        r"(?:\s+(?:instead|from now on|everywhere|throughout|please))*\s*$|\bname\b[^.;]*\bto\b|"
                        r"\bgoes by\b|\bknown as\b|\w\s*(?:->|→|=>)\s*\w",
    "rename_location": r"\brename|\bbe called\b|\bis (?:now )?called\b|\bname\b[^.;]*\bto\b",
    "set_scene_heading": HEADING_CHANGE,
    "swap_scenes": r"\bswap|\btrade places|\bexchange",
    "draft_outline": r"\b(?:three|five|3|5)[- ]acts?\b|\b(?:outline|beats?)\b[^.;]*\bfrom\s+the\s+logline\b",
    "write_scene": r"\b(?:write|add|draft|insert|create|put(?=\s+\w+\s+new))\s+(?:a|another)\s+"
                   r"(?:(?:new|short|quick|little|brief|extra|last|final|closing|opening|first)\s+)*scene\b|"
                   + _NEW_ONE,
    "merge_scenes": r"\bmerge|\bcombine|\bfold\b",
    "split_scene": r"\bsplit|\bin (?:two|half)\b",
    "switch_branch": r"\bswitch\b|\bgo back to (?:the )?(?:main\b|[\w-]+ branch)|\bback (?:on)?to (?:the )?main|"
                     + _TO_A_BRANCH + r"|"
                     r"\bback on (?:the )?main\b|"
                     r"\bcheck ?out\b|\breturn to (?:the )?main\b",
    "restore_version": r"\brestore|\b(?:original|old|older|previous|earlier|first|last) (?:version|draft|cut)|\bv\d|"
                       r"\bversion \d|\bthe original\b|\boriginally\b|"
                       r"\b(?:how|the way)\b[^.;]*\b(?:was|were|read|looked)\b[^.;]*\b(?:before|at first|originally)\b|"
                       r"\bscene\s+\d+\s+back\s+(?:to\s+)?(?:how|the way)\s+it\s+(?:was|read|looked)",
    "redo": r"\bredo\b(?!\s+(?:scene|the scene|it darker|it funnier))|\bundo the undo",
    "set_shot_duration": r"\bseconds?\b|\bsecs?\b|\d\s*s\b",
    "export_project": r"\bexport|\bdownload",
    "transcribe_audio": r"\btranscri\w*",
    "generate_music": r"\bcompos\w*\b|\b(?:generate|create|make)\b[^.;]*\b(?:music|score|soundtrack)\b|"
                      r"\b(?:need|want|like|could\s+(?:use|do\s+with))\s+(?:some|a|an)\s+(?:new\s+|proper\s+)?"
                      r"(?:[\w-]+\s+)?(?:music|score|soundtrack)\b|"
                      r"^\W*(?:(?:some|a|an|new)\s+)?(?:music|score|soundtrack)\s*[:—–]",  # "a score: cello, slow"
    "export_captions": r"\bcaption\w*|\bvtt\b|\bwebvtt\b",
    "generate_reference": r"\bheadshot|\breference|\bportrait|\bconcept art",
    "set_character_voice": r"\bvoice\s+(?:is|should|needs|to|sounds?|:|id)\b|\bvoice[- ]?id|\baccent\b|"
                           r"\b(?:his|her|their|\w+'s)\s+voice\b|\b(?:an?|the)\s+[\w ,-]+\s+voice\b",
    "add_costume": r"\b(?:add|new|create|another|design)\b[^.;]*\b(?:costume|outfit|wardrobe)|"
                   r"\b(?:costume|outfit|wardrobe)\s+for\b",
    "revise_costume": r"\b(?:change|revise|make|update|alter|redo)\b[^.;]*\b(?:costume|outfit)\b",
    "link_costume": r"\blink\b|\b(?:only|just)\s+(?:in|for)\b|"
                    r"\bwears?\b[^.;]*\b(?:costume|outfit)\b[^.;]*\bin\s+scenes?\b|\b(?:costume|outfit)\b[^.;]*\b(?:only|just)\s+in\b|\b(?:costume|outfit)\b[^.;]*\bto\s+\w+\s+instead\b",
    "add_look": r"\b(?:camera|cinematography|shooting|lighting)\s+look\b|\blook\s+(?:called|named)\b|"
                r"\b(?:define|create|add|new)\b[^.;]*\blook\b",
    "apply_look": r"\b(?:apply|use|give|shoot)\b[^.;]*\blook\b[^.;]*\b(?:shot|scene)\b|"
                  r"\blook\b[^.;]*\b(?:on|to|for)\s+(?:shot|scene|every|all)\b",
    "note_shot": r"(?<!shooting )\bnote\b[^.;]*\bshot\b|\bshot\b[^.;]*(?<!shooting )\bnote\b",
    "tag_shot": r"\b(?:tag|flag|label|untag)\w*\b[^.;]*\bshot\b|\bshot\b[^.;]*\b(?:tag|flag|label|untag)\w*\b",
    "set_location_details": r"\b(?:is|as)\s+an?\s+(?:interior|exterior)\s+(?:location|place|set)\b|"
                            r"\b(?:tag|label)\w*\b[^.;]*\b(?:location|place)\b",
    "use_audio_as_music": r"\b(?:upload(?:ed)?|my|our|this|that)\s+(?:[\w-]+\s+)?(?:track|song|music|recording)\b|"
                          r"\bas\s+(?:the\s+)?(?:music|score|soundtrack)\b",
    "add_prop": r"\b(?:add|put)\s+(?:it\s+|them\s+)?(?:to|in|into)\s+(?:the\s+)?props\b|"
                r"\bas\s+(?:a|an)\s+(?:new\s+)?prop\b",
    "use_image_for_shot": r"\bupload(?:ed)?\b|\bmy own\b|\basset\s*#?\s*\d+|\bmy (?:image|picture|photo|drawing|frame)",
}
"""Cue words that single a tool out among ones that also fit ("rename" beats "revise" for "rename Ida to Iris")."""
_STRONG_COMPILED = {k: re.compile(v, re.I) for k, v in _STRONG.items()}


SINGLE_QUOTED = r"(?<![\w'])'(?=\w)(?:[^'\n]|'(?=\w))+?[\w?!.,]'(?![\w'])"
"""Words in single quotes ("'why bother mending it?'"); an apostrophe inside ("'don't go'") does not close them."""
QUOTED = r'"[^"]*"|“[^”]*”|‘[^’]*’|' + SINGLE_QUOTED
"""Words in any quotes: a line to be said, whose words ask for nothing ("keep" in a quoted line is no tag)."""
_QUOTED = re.compile(QUOTED)


def unquoted(clause: str) -> str:
    """Return a clause with what it quotes put by (“…”): the words of a line ask for nothing."""
    return _QUOTED.sub(lambda m: "“…”", clause)


def strong_cue(name: str, clause: str) -> bool:
    """Tell whether a clause carries a tool's singling-out words (outside what it quotes)."""
    pattern = _STRONG_COMPILED.get(name)
    return bool(pattern and pattern.search(unquoted(clause)))


def tool_cues(name: str) -> re.Pattern[str] | None:
    """Return the cue pattern of a tool, or None when the table has no entry for it."""
    return _CUES_COMPILED.get(name)


def has_cue(name: str, clause: str) -> bool:
    """Tell whether a clause carries the words a tool's change needs (True for tools without an entry)."""
    pattern = _CUES_COMPILED.get(name)
    return pattern is None or bool(pattern.search(unquoted(clause)))


@cache
def cue_words() -> frozenset[str]:
    """Return the plain words of every cue (for spelling correction)."""
    words: set[str] = set()
    for pattern in _CUES.values():
        # Whole words only: "alternat\w*" is a stem, and correcting towards a stem would break the word.
        # A word followed by a negative lookahead ("delete(?!d") is whole.
        words.update(re.findall(r"(?<![a-z])([a-z]{4,})(?![a-z]|\\w|\?|\((?!\?!)|\[)", pattern.replace(r"\b", " ")))
    words.update("scene scenes shot shots character location prop storyboard animatic rewrite darker funnier "
                 "tenser scarier creepier sadder lighter shorter longer bridge ending opening first second third "
                 "last final please against between crossfade xfade transition export render generate slugline "
                 "sluglines".split())
    words.update(w for w in WARDROBE_WORDS if w.isalpha() and len(w) >= 5)  # "a cardign" is a cardigan
    return frozenset(words)


def _transposed(word: str, known: list[str]) -> str | None:
    """Return the known word this one is with two neighbouring letters swapped ("mkae" -> "make")."""
    for i in range(len(word) - 1):
        candidate = word[:i] + word[i + 1] + word[i] + word[i + 2:]
        if candidate != word and candidate in known:
            return candidate
    return None


@cache
def real_words() -> frozenset[str]:
    """Return whole English words the local embedding model knows (a typo is rarely one of them)."""
    return frozenset(w for w in _vocabulary() if len(w) >= 4)


def is_word(word: str) -> bool:
    """Tell whether a word of any length is a whole word the local embedding model knows ("rat", "dia")."""
    return word.lower() in _vocabulary()


@cache
def _vocabulary() -> frozenset[str]:
    """Return every whole word of the local embedding model's vocabulary (empty without the tokenizer)."""
    try:
        from tokenizers import Tokenizer  # optional: without the tokenizer only the cue words are protected

        # Deferred: the embedding model loads only when a request is embedded.
        from agent.index.embeddings import local_model_files

        vocab = Tokenizer.from_file(str(local_model_files()[1])).get_vocab()
    except Exception:  # without the vocabulary, only the cue words are protected
        return frozenset()
    return frozenset(w for w in vocab if w.isalpha())


_KEEP = frozenset("this that with from have what when where which there their about would could should".split()) | {
    w for w in re.split(r"[|\s-]+", GENRES) if len(w) >= 4}  # "farce" is a kind of film, not a typo of "face"
_SUFFIXES = (("ier", "y"), ("iest", "y"), ("ies", "y"), ("ied", "y"), ("er", ""), ("est", ""), ("ed", ""),
             ("ing", ""), ("ly", ""), ("s", ""), ("ness", ""), ("en", ""))


def inflected(word: str, real: frozenset[str]) -> bool:
    """Tell whether a word is a real word with an ending ("tougher", "greyer", "limping")."""
    for suffix, back in _SUFFIXES:
        stem = word[: -len(suffix)] + back
        if word.endswith(suffix) and len(stem) >= 3:  # "drier" is "dry" with its ending
            short = len(stem) == 3 and stem in _vocabulary()  # "dry": too short for the real words
            doubled = len(stem) > 3 and stem[-1] == stem[-2] and stem[:-1] in real  # "wetter": "wet"
            if stem in real or stem + "e" in real or short or doubled:
                return True
    return False


_NOT_COMPARATIVE = frozenset("""
    never ever over under after other rather either neither whether together water paper corner number letter winter
    summer member answer order border power tower flower mother father brother sister daughter dinner later character
    chapter matter silver copper leather weather monster poster trailer cover filter master player
""".split())


def is_comparative(word: str) -> bool:
    """Tell whether a word reads as an adjective's comparative ("wetter", "grimier"), not "water" or "over".

    Only for words in a comparative's place ("make scene 2 ___"), where a noun would not fit anyway.
    """
    low = word.lower()
    return bool(re.fullmatch(r"[a-z]{2,}(?:er)", low)) and len(low) >= 5 and low not in _NOT_COMPARATIVE


def correct_spelling(text: str, extra: frozenset[str] | tuple[str, ...] = ()) -> str:
    """Fix likely typos of the words the director keys on ("rewrte" -> "rewrite"); other words stay."""
    vocabulary = cue_words() | {w.lower() for w in extra}
    known = sorted(vocabulary)

    real = real_words()

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        low = word.lower()
        if len(low) < 4 or low in vocabulary or low in _KEEP or low in real or inflected(low, real):
            return word
        swapped = _transposed(low, known)
        if swapped:
            return swapped
        near = [k for k in known if abs(len(k) - len(low)) <= 1]  # a typo keeps a word's length, give or take one
        close = difflib.get_close_matches(low, near, n=1, cutoff=0.84 if len(low) < 6 else 0.8)
        return close[0] if close else word

    return re.sub(r"[A-Za-z]+", fix, text)


def _one_edit(a: str, b: str) -> bool:
    """Tell whether two words are one typo apart: a letter changed, added, dropped or two swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
                                  and a[diff[1]] == b[diff[0]])
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


_LEAD_WORDS = re.compile(r"\W*(?:(?:so|ok|okay|and|also|oh|now|then|right|um|hmm|actually|plus)\b[\s,.]*)*")
"""The words before what a clause is about ("ok so, ...")."""


def _lead_end(text: str) -> int:
    lead = _LEAD_WORDS.match(text)
    return lead.end() if lead else 0


def apostrophe_owned(text: str, names: Sequence[str]) -> str:
    """Put back the apostrophe of a name's dropped one: "maras net", "Tomos boat", "marras coat" (a typo too)."""
    real = real_words()
    singles = {n.lower() for n in names if " " not in n and len(n) >= 3}
    if not singles:
        return text

    def owned(match: re.Match[str]) -> str:
        word = match.group(0)
        low, stem = word.lower(), word[:-1].lower()
        if low in singles or low in _KEEP or (low in real and not word[0].isupper()):
            return word  # a name of its own, or a word ("marks") said in lower case
        if stem in singles or (len(stem) >= 5 and low not in real and any(
                n[0] == stem[0] and len(n) >= 4 and _one_edit(stem, n) for n in singles)):
            return f"{word[:-1]}'s"
        return word

    return re.sub(r"\b[A-Za-z]{3,}s\b", owned, text)


_ON_SOMEONE = re.compile(r"\b(?:drop|remove|axe|fire|delete|recast|rename|describe|dress|ditch|give|make|have|let|get|"
                         r"write\s+out|kill\s+off|take)\s+$", re.I)
"""A verb that acts on someone, just before a word one letter off a name ("axe rubin …"): that name."""


def correct_names(text: str, names: tuple[str, ...] | list[str]) -> str:
    """Fix a misspelt character name ("rubin", "Jnuo", "Rubens got a beard") when one name fits, and only then."""
    text = apostrophe_owned(text, names)
    real = real_words()
    known = {n.lower() for n in names if " " not in n and len(n) >= 4}
    short = {n.lower() for n in names if " " not in n and len(n) == 3}  # "iad" for IDA: two letters swapped only
    if not known and not short:
        return text

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        low = word.lower()
        named = word[0].isupper() or text[match.end():match.end() + 2] in ("'s", "’s") or bool(
            re.search(r"\b(?:character|named|called)\s+$", text[:match.start()], re.I))
        leads = _lead_end(text) == match.start()  # "iad wears a cardigan": who the clause is about
        if len(low) == 3 and low not in short and low not in real and (named or leads):  # "drop the character aml"
            fits = [n for n in short if n[0] == low[0] and low == n[0] + n[2] + n[1]]
            return (fits[0].upper() if word.isupper() else fits[0].title() if word[0].isupper() else fits[0]) \
                if len(fits) == 1 else word
        if len(low) < 4 or low in known or low in _KEEP:
            return word
        fits = [n for n in known if n[0] == low[0] and _one_edit(low, n)]
        possessive = text[match.end():match.end() + 2] in ("'s", "’s")  # "rubin's uniform": a name, surely
        acted_on = _ON_SOMEONE.search(text[:match.start()]) is not None  # "axe rubin, he is not needed"
        if len(fits) != 1 or (low in real and not (possessive or leads or acted_on)):
            return word
        return fits[0].upper() if word.isupper() else fits[0].title() if word[0].isupper() else fits[0]

    return re.sub(r"[A-Za-z]+", fix, text)


UNTAG = re.compile(r"\b(?:un-?tag|un-?flag|remove\s+(?:the\s+)?(?:[\w'-]+\s+)?(?:tags?|flags?)|"
                   r"take\s+(?:the|that|this|its)\s+(?:[\w'-]+\s+)?(?:tags?|flags?)\s+(?:off|away)|"
                   r"(?:drop|clear|lose)\s+(?:the|that|this|its)\s+(?:[\w'-]+\s+)?(?:tags?|flags?)|"
                   r"take\s+(?:the|that|this|its)\s+(?:keep|love|hate|rewrite)\s+off)\b", re.I)
"""A tag taken off ("unflag scene 5 love", "take the love tag away"), not put on."""
