"""Extra routes of the KPPS add-in server."""
