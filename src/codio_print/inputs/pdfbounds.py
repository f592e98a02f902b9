"""Reading a PDF that comes from outside (a filled-in sheet) with pypdf, within a bound on
what its streams unpack to: a small file can hold streams that inflate to gigabytes, each
under pypdf's own limit for one stream (a 28.6 MB PDF of 400 streams of 70 MB each ran for
minutes at 1.1 GB).
"""

from __future__ import annotations


class TooMuch(Exception):
    """The streams read unpack to more than the bound."""


class Inflation:
    """While it is open, every stream pypdf decodes is counted, and pypdf's own limits for
    one stream are ``limit`` too: over it, nothing more is decoded (pypdf looks
    ``decode_stream_data`` up at each use, so it is counted here) and :attr:`over` says so,
    also where pypdf caught the :class:`TooMuch` and went on."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.total = 0
        self.over = False

    def __enter__(self) -> Inflation:
        import pypdf.filters as filters
        from pypdf import apply_configuration

        limit = self.limit
        self._config = apply_configuration(
            zlib_maximum_output_length=limit, lzw_maximum_output_length=limit,
            brotli_maximum_output_length=limit, run_length_maximum_output_length=limit,
            jbig2_maximum_output_length=limit, array_based_stream_maximum_output_length=limit,
            image_maximum_buffer_size=limit, stream_decoding_work_maximum_length=4 * limit)
        self._config.__enter__()
        self._original = filters.decode_stream_data
        filters.decode_stream_data = self._decode
        return self

    def __exit__(self, *exc) -> None:
        import pypdf.filters as filters

        filters.decode_stream_data = self._original
        self._config.__exit__(*exc)

    def _decode(self, stream) -> bytes:
        from pypdf.errors import LimitReachedError

        if self.over:
            raise TooMuch
        try:
            data = self._original(stream)
        except LimitReachedError:  # one stream alone unpacks to too much
            self.over = True
            raise TooMuch from None
        self.total += len(data)
        if self.total > self.limit:
            self.over = True
            raise TooMuch
        return data
