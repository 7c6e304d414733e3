"""Parts of the PDF exporter: fonts, markup, styles, page decoration, flowables and layout."""
