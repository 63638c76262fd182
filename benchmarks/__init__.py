"""Benchmarks: a synthetic news corpus generator and a build benchmark (newsdigest, and Hugo for comparison)."""
