"""Parts of the Word exporter, split by concern: XML helpers, styles, fields, blocks, page, package."""
