"""The evaluation report (绩效评价报告): one document model, rendered to Word, PDF, HTML and Markdown.

Data flows one way: facts and scores → :mod:`.content` builds a :class:`~.document.Document` → each renderer
(:mod:`.docx`, :mod:`.html`, :mod:`.markdown`; :mod:`.pdf` converts the Word file) writes it out, and
:mod:`.output` writes the files all or nothing. Renderers never compute: the text's descriptive figures come
from :mod:`.figures`, scores and the rates behind them from the scoring results (:mod:`.scores`).
:mod:`.build` ties it together for the ``jixiao report`` command.
"""
