"""Tools for working on a site: `watch` rebuilds on every change, `serve` previews the output with live reload."""
