"""The ready-made templates, one module a template (``KEY``, ``SHEET``, ``build(sheet)``), and
:mod:`.parameters`, the fitted-parameter block the two model templates share. The sheet machinery
they are written with (:mod:`..sheet`, :mod:`..spill`, :mod:`..arithmetic`) lives one folder up."""
