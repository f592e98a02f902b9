"""codio-print in the browser (codio-print serve): a Dutch web interface on the same
workspace, settings and pipeline as the command line."""
