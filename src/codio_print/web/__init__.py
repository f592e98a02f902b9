"""codio-print serve: the Dutch web interface on a workspace (issue 25)."""
