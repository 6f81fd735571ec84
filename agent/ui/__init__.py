"""The chat UI's pieces that are not Chainlit wiring: what the views show, how a change reads, when to refresh."""
