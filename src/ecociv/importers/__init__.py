"""Plan importers: turn a document (text/Markdown, docx) into an :class:`ecociv.model.Plan`."""
