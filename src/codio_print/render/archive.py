"""The archival report: PDF/A-2u (the form Dutch public bodies keep) that is PDF/UA-1 as well.

WeasyPrint writes PDF/A-2u with tags; two things make it PDF/UA-1 and keep it PDF/A-2:

* :func:`declare_ua` adds the PDF/UA identification (``pdfuaid:part``) to the XMP
  metadata, with the extension schema PDF/A asks for every property outside its own
  schemas (ISO 19005-2, 6.6.2.3).
* :func:`finish` rewrites a compressed stream whose data happens to end in a line-end byte
  (one in 128 do, by their checksum): page-validation then counts a byte less than its
  /Length and reports the stream as damaged. The stream gets one padding byte (a space in
  text, a zero after binary data), which changes its checksum; the content is the same.

Both are deterministic: the same input gives the same bytes.
"""

from __future__ import annotations

import io

UA_XMP = (
    b'<rdf:Description xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" rdf:about="" '
    b'xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" '
    b'xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" '
    b'xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">'
    b'<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">'
    b'<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>'
    b'<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>'
    b'<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>'
    b'<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">'
    b'<pdfaProperty:name>part</pdfaProperty:name>'
    b'<pdfaProperty:valueType>Integer</pdfaProperty:valueType>'
    b'<pdfaProperty:category>internal</pdfaProperty:category>'
    b'<pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>'
    b'</rdf:li></rdf:Seq></pdfaSchema:property>'
    b'</rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>'
    b'<rdf:Description xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" rdf:about="" '
    b'xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" pdfuaid:part="1"/>'
)

_ROUNDS = 8


def declare_ua(document) -> None:
    """Let WeasyPrint's XMP metadata say PDF/UA-1 as well as PDF/A."""
    original = document.metadata.generate_rdf_metadata

    def generate_rdf_metadata(*args, **kwargs) -> bytes:
        rdf = original(*args, **kwargs)
        end = rdf.rindex(b"</rdf:RDF>")
        return rdf[:end] + UA_XMP + rdf[end:]

    document.metadata.generate_rdf_metadata = generate_rdf_metadata


def finish(pdf: bytes) -> bytes:
    """``pdf`` with no compressed stream ending in a line-end byte (see above); a file
    without one comes back byte for byte."""
    import pikepdf

    for _ in range(_ROUNDS):
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            changed = False
            for obj in doc.objects:
                if not isinstance(obj, pikepdf.Stream) or "/Filter" not in obj:
                    continue
                if obj.get("/Type") == "/Metadata" or not obj.read_raw_bytes().endswith(
                        (b"\r", b"\n")):
                    continue
                data = obj.read_bytes()
                binary = "/Length1" in obj or obj.get("/Subtype") == "/Image" or "/N" in obj
                data += b"\0" if binary else b" "
                obj.write(data)
                if "/Length1" in obj:
                    obj.Length1 = len(data)
                changed = True
            if not changed:
                return pdf
            out = io.BytesIO()
            doc.save(out, deterministic_id=True, compress_streams=True)
            pdf = out.getvalue()
    return pdf
