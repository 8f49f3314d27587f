"""Excel front door: xlwings scripts, KPPS.* worksheet functions and desktop entry points."""
