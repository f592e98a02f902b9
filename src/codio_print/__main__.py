import sys

try:
    from codio_print.cli import main
except KeyboardInterrupt:  # Ctrl-C while starting: nothing was written yet
    sys.exit(130)

main()
