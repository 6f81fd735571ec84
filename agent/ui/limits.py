"""Keep over-large messages and uploads in the page, with one line saying why, instead of a dropped connection.

A chat message travels over the websocket; a frame over engine.io's buffer limit closes the connection
without a word, and the page then shows nothing. The page is Chainlit's, so a small script (its
``custom_js`` hook) checks the size before anything is sent: a message or a file over the limit stays where
it was (nothing is sent, nothing changes) and a one-line notice says what the limit is.
"""

from __future__ import annotations

import json

__all__ = ["LIMITS_ROUTE", "NOTICE_ID", "limits_script"]

LIMITS_ROUTE = "/reelsmith/limits.js"
NOTICE_ID = "reelsmith-limit-notice"
_FRAME_SLACK = 64 * 1024
"""Room for the message's envelope (ids, author, settings) inside one websocket frame."""

_SCRIPT = """// Reelsmith: refuse over-large messages and uploads in the page (the server's limits), in one line.
(() => {
  const LIMITS = %(limits)s;
  const encoder = new TextEncoder();
  const mib = (n) => `${(n / 1048576).toFixed(1)} MiB`;
  function notice(text) {
    let box = document.getElementById(LIMITS.notice);
    if (!box) {
      box = document.createElement("div");
      box.id = LIMITS.notice;
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:50%%;bottom:96px;transform:translateX(-50%%);z-index:10000;" +
        "max-width:80vw;padding:8px 14px;border-radius:8px;background:#b91c1c;color:white;font:14px sans-serif;";
      document.body.appendChild(box);
    }
    box.textContent = text;
    clearTimeout(box._hide);
    box._hide = setTimeout(() => box.remove(), 15000);
  }
  function messageTooBig() {
    const input = document.getElementById("chat-input");
    if (!input) return false;
    const size = encoder.encode(input.value ?? input.textContent ?? "").length;
    if (size <= LIMITS.message) return false;
    notice(`Not sent: the message is ${mib(size)}; the limit is ${mib(LIMITS.message)}. ` +
           "Attach long screenplays as a .fountain file instead.");
    return true;
  }
  function refuse(event) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
  document.addEventListener("keydown", (e) => {
    const sending = e.key === "Enter" && !e.shiftKey && !e.isComposing && e.target?.id === "chat-input";
    if (sending && messageTooBig()) refuse(e);
  }, true);
  document.addEventListener("click", (e) => {
    if (e.target?.closest?.("#chat-submit") && messageTooBig()) refuse(e);
  }, true);
  function filesTooBig(files) {
    const big = Array.from(files || []).filter((f) => f.size > LIMITS.upload);
    if (!big.length) return false;
    notice(`Not uploaded: ${big.map((f) => `${f.name} is ${mib(f.size)}`).join(", ")}; ` +
           `the limit is ${mib(LIMITS.upload)} per file.`);
    return true;
  }
  document.addEventListener("change", (e) => {
    if (e.target?.type === "file" && filesTooBig(e.target.files)) { refuse(e); e.target.value = ""; }
  }, true);
  document.addEventListener("drop", (e) => { if (filesTooBig(e.dataTransfer?.files)) refuse(e); }, true);
  // Last line of defence: whatever path a frame takes, one over the limit is not sent (the socket stays up).
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    const size = typeof data === "string" ? encoder.encode(data).length : (data?.byteLength ?? data?.size ?? 0);
    if (size > LIMITS.frame) {
      notice(`Not sent: ${mib(size)} is over the server's ${mib(LIMITS.frame)} limit. Nothing changed.`);
      return undefined;
    }
    return send.call(this, data);
  };
})();
"""


def limits_script(*, frame_bytes: int, upload_bytes: int) -> str:
    """Return the page script for a server whose socket takes ``frame_bytes`` and uploads ``upload_bytes``."""
    limits = {"frame": frame_bytes, "message": frame_bytes - _FRAME_SLACK, "upload": upload_bytes,
              "notice": NOTICE_ID}
    return _SCRIPT % {"limits": json.dumps(limits)}
