"""codio-print: renders the CODIO-PaD workshop kit as print-ready PDFs."""

__version__ = "0.1.0"
