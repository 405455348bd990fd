"""The evaluation report (绩效评价报告): one document model, rendered to Word, PDF, HTML and Markdown.

Data flows one way: facts and scores → :mod:`.content` builds a :class:`~.document.Document` → each renderer
(:mod:`.docx`, :mod:`.html`, :mod:`.markdown`; :mod:`.pdf` converts the Word file) writes it out. Renderers
never compute: every figure in the text comes from :mod:`.figures` or from the scoring results.
"""
