"""presentatie.pptx (and .odp) beside presentatie.pdf: the same slides, editable.

The slides are read from the deck's own HTML (presentatie.html, after the workspace's
overrides and teksten.yaml), so the PowerPoint shows exactly what the PDF shows, in the same
order, with the same words. Each slide gets the facilitator's script for its step in the
speaker notes (workshop.yaml ``begeleider``, with the step's goal and questions).

Without a template of its own the deck is drawn at 16:9 (338.7 × 190.5 mm, the PDF's size)
in the organisation's colours, fonts and logo. With ``powerpoint: sjabloon.pptx`` in
huisstijl.yaml the deck uses that file's slide layouts (a title layout for the title slides,
a title-and-content layout for the rest) and so its masters, colours and fonts.

The .odp is made from the .pptx by LibreOffice (``soffice --headless --convert-to odp``): one
source of slides instead of a second writer, and LibreOffice writes the ODF that Impress
itself reads (render/libreoffice.py runs it). Both files are made reproducible: fixed dates
in the zip and the metadata.

One module per concern: the slides read from the HTML (``read``), the speaker notes
(``notes``), the deck drawn with python-pptx (``deck``; ``draw`` for the built-in look),
reproducible zip and ODF files (``reproducible``) and the kit's slide files, made and kept
(``files``).
"""

from codio_print.render.libreoffice import Conversion, convert, soffice
from codio_print.render.slides.deck import build_pptx
from codio_print.render.slides.notes import notes, step_of
from codio_print.render.slides.read import Slide, read_slides
from codio_print.render.slides.reproducible import normalise_zip
from codio_print.render.slides.files import ODP, PPTX, Slides, start_slides, write_slides

__all__ = ["ODP", "PPTX", "Conversion", "Slide", "Slides", "build_pptx", "convert",
           "normalise_zip", "notes", "read_slides", "soffice", "start_slides", "step_of",
           "write_slides"]
