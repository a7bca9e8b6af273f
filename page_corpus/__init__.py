"""The segmenter's real-text corpus: page sources, their layout as e-paper dumps, answer
keys, scoring, and training of the line labeller.

Development tooling, not part of the shipped package: ``sources/`` hold the verbatim
text of published pages with their structure; ``layout`` prints a source the way an
e-paper or PDF text dump looks and writes the answer key beside it; ``scoring`` judges
``segment_page`` against the keys; ``training`` fits the line labeller that ships in
``audio_edition/segment/``.
"""
