"""The Word exporter's parts, by concern: markup, styles, fields, blocks, page, package."""
