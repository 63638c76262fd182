"""Evaluation of newsdigest's ingest on real pages.

`evaluation.corpus` loads the development corpus (real article pages with ground truth, see
`evaluation/corpus/README.md`); `evaluation.build_corpus` rebuilds it from its two public sources.
"""
