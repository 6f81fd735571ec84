"""File requests said the way people say them: a printable shot list, a format the editor's app reads, a .docx.

"print-ready PDF of the treatment" asks for an export with no verb; "I cut in
Premiere. Send the edit in a format it opens" is the timeline for Premiere; a Word file is a format no
export writes, and the answer says so with the formats there are.
"""

from __future__ import annotations

import re

__all__ = ["APPS", "asked_file", "for_the_app", "in_the_app", "the_whole_project", "unexported_format"]

APPS = re.compile(r"\b(?P<app>final\s+cut(?:\s+pro)?(?:\s+x)?|fcpx?|premiere(?:\s+pro)?|(?:davinci\s+)?resolve|avid"
                   r"(?:\s+media\s+composer)?|final\s+draft)\b", re.I)
_IT_READS = re.compile(r"\b(?:in\s+)?(?:a|some|the)\s+(?:format|file(?:\s+type)?|form)\s+(?:that\s+)?"
                       r"(?:it|they|that|this)\s+(?:can|could|will|would)\s+(?:read|open|import|take|use|handle|load)\b",
                       re.I)
_SEND = re.compile(r"^(?:(?:can|could|would|will)\s+you\s+)?(?:please\s+)?(?:send|give|get|make|pass|hand|email)\b"
                   r"(?:\s+me)?", re.I)


def for_the_app(clause: str, before: str) -> str | None:
    """Spell "send the edit in a format it can read" out as an export for the app the sentence before names."""
    reads = _IT_READS.search(clause)
    app = APPS.search(before)
    if reads is None or app is None:
        return None
    asked = (clause[:reads.start()] + f"in a format for {app.group('app')}" + clause[reads.end():]).rstrip(" ?")
    return _SEND.sub("export", asked.strip(), count=1) if _SEND.match(asked.strip()) else f"export {asked.strip()}"


_FOREIGN = (("docx?", "Word (.docx)"), ("word\\s+(?:document|doc|file)", "Word (.docx)"), ("pages", "Pages (.pages)"),
            ("google\\s+docs?", "a Google Doc"), ("rtf", "rich text (.rtf)"), ("odt", "OpenDocument (.odt)"),
            ("pptx?|powerpoint|keynote", "a slide deck"), ("epub", "an e-book (.epub)"))
"""Document formats people ask for that no export writes, with how to name them back."""
_ASKS_FILE = re.compile(r"\b(?:export|save|download|convert|file|format|send)\b", re.I)


def unexported_format(clause: str) -> str | None:
    """Say so when a file request names a format no export writes ("export it as .docx"), listing the ones there are."""
    if not _ASKS_FILE.search(clause):
        return None
    for said, name in _FOREIGN:
        named = re.search(rf"\.(?:{said})\b|\b(?:as|in|to|into)\s+(?:a\s+|an\s+)?(?:{said})\b|"
                          rf"\b(?:{said})\s+(?:file|format|document|version|copy)\b", clause, re.I)
        if named or (" " in said and re.search(rf"\b(?:{said})\b", clause, re.I)):
            from agent.exports import EXPORT_FORMATS  # deferred: only an answer about formats needs the list

            return (f"I can't export {name}: it is not a format I write. The formats I export are "
                    f"{', '.join(EXPORT_FORMATS)}. For a script, fdx (Final Draft) or screenplay-pdf come closest; "
                    "say which and I'll export it.")
    return None


_FILE_NOUN = re.compile(r"^(?:an?\s+|the\s+|my\s+|our\s+)?(?:[\w-]+\s+){0,2}?"
                        r"(?:pdf|fdx|fountain|edl|fcpxml|otio|srt|vtt|shot\s*-?\s*list|script|screenplay|storyboard|"
                        r"breakdown)\b", re.I)
_FILE_WORD = re.compile(r"\b(?:pdf|fdx|fountain|edl|fcpxml|otio|srt|vtt|file|print\w*|paper|hard\s*copy)\b", re.I)

_SAYS_OF_IT = re.compile(r"\b(?:is|are|was|were|feels|looks|reads|has|had|needs|should|could|would|will)\b", re.I)
"""A sentence about the file ("the script is on paper somewhere"), not a request for one."""


_OUT_AS = re.compile(r"^(?P<lead>.*?)\b(?P<what>(?:the|my|our|this)\s+(?:whole\s+|full\s+|final\s+)?"
                     r"(?:timeline|cut|edit|"
                     r"script|screenplay|film|project|captions|subtitles|shot\s*-?\s*list|(?:scene\s+|shot\s+)?breakdown))"
                     r"\s+(?:out\s+|over\s+)?"
                     r"(?P<how>(?:as|in|into)\s+(?:an?\s+)?\.?(?:otio|edl|fdx|fcpxml|fountain|srt|vtt|pdf|csv)\b.*)$",
                     re.I)
"""A file wished for without "export" ("i'd like the timeline out as otio"): the thing, then the format."""


_IN_THE_APP = re.compile(r"\b(?:open|edit|cut|finish|grade|colou?r|conform|import|load|bring|take|get|pull|put|"
                         r"work\s+on|carry\s+on|drop)\b(?:\s+(?:it|this|that|them|the\s+(?:cut|edit|timeline|film|"
                         r"project|script|screenplay)|everything))?(?:\s+(?:over|across))?\s+(?:in|into|over\s+to|to)\s+"
                         r"(?:\w+\s+)?$", re.I)
"""Wanting to go on in another app ("i want to open this in premiere"): a file that app reads."""


def in_the_app(clause: str) -> str | None:
    """Spell "i'd like to finish this in resolve" out as the export that app reads, else None."""
    app = APPS.search(clause)
    if app is None or _IN_THE_APP.search(clause[:app.start()]) is None:
        return None
    if re.match(r"\s+(?:the|a|an|this|that|it|them|their|his|her|our|my)\b", clause[app.end():], re.I):
        return None  # "… to resolve the argument": the verb, no app
    said = app.group("app")
    thing = "the screenplay" if re.match(r"final\s+draft", said, re.I) else "the timeline"
    return f"export {thing} for {said}"


def asked_file(clause: str) -> str | None:
    """Spell a verbless file request out as an export ("print-ready PDF of the treatment" -> "export …")."""
    if (_FILE_NOUN.match(clause.strip()) and _FILE_WORD.search(clause) and not clause.strip().endswith("?")
            and not _SAYS_OF_IT.search(re.split(r"[,;]", clause, maxsplit=1)[0])):  # "…, A4 is fine" is fine
        return f"export {clause.strip()}"
    wished = _OUT_AS.match(clause.strip())
    if wished and not clause.strip().endswith("?") and not _SAYS_OF_IT.search(wished.group("lead")):
        return f"export {wished.group('what')} {wished.group('how')}"
    return None


_PROJECT = r"(?:the|my|our|this)\s+(?:whole\s+|entire\s+|full\s+)?(?:film\s+)?(?:project|thing|lot)"
_WHOLE_COPY = re.compile(
    rf"\b(?:back\s*-?\s*up|archive|copy|package|zip(?:\s+file)?|bundle)\s+of\s+{_PROJECT}\b|"
    rf"\b(?:pack|package|zip|bundle)\s+(?:it\s+all|them\s+all|everything|{_PROJECT})\s+up\b|"
    rf"\b(?:back|pack|zip|bundle)\s+up\s+(?:everything|{_PROJECT})\b|"
    rf"\b{_PROJECT}\s+(?:as|in|into)\s+(?:one|a\s+single)\s+(?:file|zip|archive|package)\b|"
    rf"\b(?:take|move|carry|copy|put)\s+{_PROJECT}\s+(?:home|(?:on|onto|to)\s+(?:a|my|another|the\s+other)\s+"
    rf"(?:usb|stick|drive|thumb\s*drive|memory\s+stick|machine|computer|laptop))|"
    rf"\bhand\s+(?:off|over)\s+{_PROJECT}\b|\bhand\s+{_PROJECT}\s+(?:off|over)\b|"
    rf"^\W*(?:please\s+)?export\s+{_PROJECT}\W*$", re.I)
"""The whole project wanted as one thing to keep or pass on ("a backup of the whole project", "pack it all up"):
its bundle."""


def the_whole_project(clause: str) -> str | None:
    """Spell "i want a backup of the whole project" out as the project's bundle, else None."""
    if _WHOLE_COPY.search(clause) is None or APPS.search(clause):
        return None
    return "export the project as a bundle"
