"""Rule families: pure functions (Roster, Settings) -> Iterable[Finding], composed in validate.RULES."""
